import { useQuery } from '@tanstack/react-query';
import { fetchPredefinedResponses } from '../api/responses-api.ts';

/**
 * The admin's predefined chat responses. Under the `reference` key, so an admin's change
 * (`config:changed`) refetches them like the other reference lists.
 */
export function usePredefinedResponses() {
  return useQuery({
    queryKey: ['reference', 'predefined-responses'],
    queryFn: fetchPredefinedResponses,
    staleTime: 5 * 60_000,
  });
}
