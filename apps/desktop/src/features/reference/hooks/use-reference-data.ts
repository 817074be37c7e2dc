import { useQuery } from '@tanstack/react-query';
import { fetchReferenceData } from '../api/reference-api.ts';

/** Wrap-up reasons, idle reasons and queues, as the admin configured them. */
export function useReferenceData() {
  return useQuery({
    queryKey: ['reference'],
    queryFn: fetchReferenceData,
    staleTime: 5 * 60_000,
  });
}
