import type { ReasonKind } from '@sangdam/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { adminApi } from '../api/admin-api.ts';

export const useAdminUsers = () =>
  useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.users });
export const useAdminTeams = () =>
  useQuery({ queryKey: ['admin', 'teams'], queryFn: adminApi.teams });
export const useAdminQueues = () =>
  useQuery({ queryKey: ['admin', 'queues'], queryFn: adminApi.queues });
export const useChannelSettings = () =>
  useQuery({ queryKey: ['admin', 'channels'], queryFn: adminApi.channels });
export const usePciPolicies = () =>
  useQuery({ queryKey: ['admin', 'pci'], queryFn: adminApi.pciPolicies });
export const useCustomerLimits = () =>
  useQuery({ queryKey: ['admin', 'customer-limits'], queryFn: adminApi.customerLimits });
export const useAdminProfiles = () =>
  useQuery({ queryKey: ['admin', 'profiles'], queryFn: adminApi.profiles });
export const useAdminReasons = (kind: ReasonKind) =>
  useQuery({ queryKey: ['admin', 'reasons', kind], queryFn: () => adminApi.reasons(kind) });
export const useAdminResponses = () =>
  useQuery({ queryKey: ['admin', 'predefined-responses'], queryFn: adminApi.responses });
export const useAdminEmailTemplates = () =>
  useQuery({ queryKey: ['admin', 'email-templates'], queryFn: adminApi.emailTemplates });
export const useAdminEmailAddresses = () =>
  useQuery({ queryKey: ['admin', 'email-addresses'], queryFn: adminApi.emailAddresses });

export const useAdminEntryPoints = () =>
  useQuery({ queryKey: ['admin', 'entry-points'], queryFn: adminApi.entryPoints });

/** Whether the signed-in user may change the configuration (supervisors only read it). */
export function useCanEdit(): boolean {
  return useSignedInSession().user.role === 'admin';
}

/**
 * A write with the session's CSRF token. Afterwards every admin list is refetched (they refer to
 * each other: teams count in profiles, queues in teams), and so are the desk's reference lists.
 */
export function useAdminWrite<V, R = unknown>(
  write: (csrfToken: string, variables: V) => Promise<R>,
) {
  const queryClient = useQueryClient();
  const { csrfToken } = useSignedInSession();
  return useMutation({
    mutationFn: (variables: V) => write(csrfToken, variables),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
      await queryClient.invalidateQueries({ queryKey: ['reference'] });
    },
  });
}
