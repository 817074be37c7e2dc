import type { ChangePasswordBody, LoginBody, SessionResponse } from '@sangdam/contracts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { changePassword, fetchSession, signIn, signOut } from '../api/session-api.ts';

export const sessionQueryKey = ['session'] as const;

export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: Infinity });
}

/** The signed-in session; only for components rendered behind the sign-in gate. */
export function useSignedInSession(): SessionResponse {
  const { data } = useSession();
  if (!data) throw new Error('useSignedInSession needs a signed-in session');
  return data;
}

/** Forgets everything cached for the previous user and shows the sign-in screen. */
export function endLocalSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
  queryClient.setQueryData(sessionQueryKey, null);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => signIn(body),
    onSuccess: (session) => queryClient.setQueryData(sessionQueryKey, session),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const session = useSignedInSession();
  return useMutation({
    mutationFn: () => signOut(session.csrfToken),
    onSuccess: () => endLocalSession(queryClient),
  });
}

export function useChangePassword() {
  const session = useSignedInSession();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => changePassword(session.csrfToken, body),
  });
}
