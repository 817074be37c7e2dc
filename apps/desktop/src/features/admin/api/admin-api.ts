import type {
  AdminEntryPoint,
  AdminEmailAddress,
  AdminProfile,
  AdminQueue,
  AdminReason,
  AdminTeam,
  AdminUser,
  Channel,
  ChannelSetting,
  ChannelSettingBody,
  CreatedUser,
  CustomerLimits,
  EntryPointBody,
  EmailAddressBody,
  EmailTemplate,
  EmailTemplateBody,
  PciPolicyDto,
  PredefinedResponse,
  PredefinedResponseBody,
  ProfileBody,
  QueueBody,
  ReasonBody,
  ReasonKind,
  TeamBody,
  UserBody,
} from '@sangdam/contracts';
import { apiRequest } from '../../../lib/http-client.ts';

/** REST calls of the admin screens (/api/v1/admin). Mutations carry the CSRF token. */
export const adminApi = {
  users: async () => (await apiRequest<{ users: AdminUser[] }>('/admin/users')).users,
  teams: async () => (await apiRequest<{ teams: AdminTeam[] }>('/admin/teams')).teams,
  queues: async () => (await apiRequest<{ queues: AdminQueue[] }>('/admin/queues')).queues,
  channels: async () =>
    (await apiRequest<{ channels: ChannelSetting[] }>('/admin/channels')).channels,
  profiles: async () =>
    (await apiRequest<{ profiles: AdminProfile[] }>('/admin/profiles')).profiles,
  customerLimits: () => apiRequest<CustomerLimits>('/admin/customer-limits'),
  pciPolicies: async () =>
    (await apiRequest<{ policies: PciPolicyDto[] }>('/admin/pci-policies')).policies,
  /** The same list agents read: admins and supervisors see what the pickers offer. */
  responses: async () =>
    (await apiRequest<{ responses: PredefinedResponse[] }>('/predefined-responses')).responses,
  /** The same list agents pick from on Reply / Reply all. */
  emailTemplates: async () =>
    (await apiRequest<{ templates: EmailTemplate[] }>('/email-templates')).templates,
  entryPoints: async () =>
    (await apiRequest<{ entryPoints: AdminEntryPoint[] }>('/admin/entry-points')).entryPoints,
  emailAddresses: async () =>
    (await apiRequest<{ emailAddresses: AdminEmailAddress[] }>('/admin/email-addresses'))
      .emailAddresses,
  reasons: async (kind: ReasonKind) =>
    (await apiRequest<{ reasons: AdminReason[] }>(`/admin/reasons/${kind}`)).reasons,
};

type Write = 'POST' | 'PUT' | 'DELETE';

function send<T>(csrfToken: string, method: Write, path: string, body?: unknown) {
  return apiRequest<T>(`/admin${path}`, { method, body, csrfToken });
}

/** `id` null creates, otherwise updates. */
const save = <B>(csrfToken: string, collection: string, id: string | null, body: B) =>
  id === null
    ? send<unknown>(csrfToken, 'POST', `/${collection}`, body)
    : send<unknown>(csrfToken, 'PUT', `/${collection}/${id}`, body);

export const adminWrites = {
  saveQueue: (csrf: string, id: string | null, body: QueueBody) => save(csrf, 'queues', id, body),
  saveProfile: (csrf: string, id: string | null, body: ProfileBody) =>
    save(csrf, 'profiles', id, body),
  saveTeam: (csrf: string, id: string | null, body: TeamBody) => save(csrf, 'teams', id, body),
  saveReason: (csrf: string, kind: ReasonKind, id: string | null, body: ReasonBody) =>
    save(csrf, `reasons/${kind}`, id, body),
  saveResponse: (csrf: string, id: string | null, body: PredefinedResponseBody) =>
    save(csrf, 'predefined-responses', id, body),
  saveEmailTemplate: (csrf: string, id: string | null, body: EmailTemplateBody) =>
    save(csrf, 'email-templates', id, body),
  saveEntryPoint: (csrf: string, id: string | null, body: EntryPointBody) =>
    save(csrf, 'entry-points', id, body),
  saveEmailAddress: (csrf: string, id: string | null, body: EmailAddressBody) =>
    save(csrf, 'email-addresses', id, body),
  setChannelTimeout: (csrf: string, channel: Channel, body: ChannelSettingBody) =>
    send<unknown>(csrf, 'PUT', `/channels/${channel}`, body),
  setPciPolicy: (csrf: string, { channel, ...policy }: PciPolicyDto) =>
    send<unknown>(csrf, 'PUT', `/pci-policies/${channel}`, policy),
  setCustomerLimits: (csrf: string, limits: CustomerLimits) =>
    send<unknown>(csrf, 'PUT', '/customer-limits', limits),
  /** Creating answers the temporary password, shown once. */
  createUser: (csrf: string, body: UserBody) => send<CreatedUser>(csrf, 'POST', '/users', body),
  updateUser: (csrf: string, id: string, body: UserBody) =>
    send<{ user: AdminUser }>(csrf, 'PUT', `/users/${id}`, body),
  resetPassword: (csrf: string, id: string) =>
    send<{ temporaryPassword: string }>(csrf, 'POST', `/users/${id}/password-reset`),
  setUserActive: (csrf: string, id: string, active: boolean) =>
    send<{ user: AdminUser }>(csrf, 'POST', `/users/${id}/${active ? 'reactivate' : 'deactivate'}`),
  remove: (csrf: string, path: string) => send<undefined>(csrf, 'DELETE', path),
};
