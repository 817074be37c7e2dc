import { useQuery } from '@tanstack/react-query';
import { fetchAdminQueues, fetchAdminUsers } from '../api/admin-api.ts';

export function useAdminUsers() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: fetchAdminUsers });
}

export function useAdminQueues() {
  return useQuery({ queryKey: ['admin', 'queues'], queryFn: fetchAdminQueues });
}
