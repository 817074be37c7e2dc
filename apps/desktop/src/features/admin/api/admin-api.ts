import type { Presence, QueueRef, User } from '@sangdam/contracts';
import { apiRequest } from '../../../lib/http-client.ts';

export type AdminUser = User & { presence: Presence };

export async function fetchAdminUsers(): Promise<AdminUser[]> {
  const { users } = await apiRequest<{ users: AdminUser[] }>('/admin/users');
  return users;
}

export async function fetchAdminQueues(): Promise<QueueRef[]> {
  const { queues } = await apiRequest<{ queues: QueueRef[] }>('/admin/queues');
  return queues;
}
