import type { QueryClient } from '@tanstack/react-query';

/**
 * After an admin's change (`config:changed`, or a reconnect that may have missed some): every
 * query of configuration the desk shows is under the `reference` key (reasons, queues, responses,
 * the attachment policy …) or `admin` (the admin screens), and is fetched again if in use.
 */
export function refreshConfiguration(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['reference'] });
  void queryClient.invalidateQueries({ queryKey: ['admin'] });
}
