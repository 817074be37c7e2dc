import type { InteractionEvent } from '@sangdam/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  fetchContactHistory,
  fetchPastEmails,
  fetchPastTranscript,
} from '../api/contact-history-api.ts';

/** The customer's earlier contacts, newest first, a page at a time ("Load more"). */
export function useContactHistory(interactionId: string) {
  return useInfiniteQuery({
    queryKey: ['contact-history', interactionId],
    queryFn: ({ pageParam }) => fetchContactHistory(interactionId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextBefore,
    staleTime: 30_000,
  });
}

/** Every event of an earlier contact, read page after page like `interaction:sync`. */
export function usePastTranscript(interactionId: string, pastId: string) {
  return useQuery({
    queryKey: ['contact-history', interactionId, 'transcript', pastId],
    queryFn: async () => {
      const events: InteractionEvent[] = [];
      for (;;) {
        const page = await fetchPastTranscript(interactionId, pastId, events.at(-1)?.seq ?? 0);
        events.push(...page.events);
        if (!page.more || page.events.length === 0) return events;
      }
    },
    staleTime: 60_000,
  });
}

/** The mails of an earlier email contact ("View email message"): they no longer change. */
export function usePastEmails(interactionId: string, pastId: string) {
  return useQuery({
    queryKey: ['contact-history', interactionId, 'emails', pastId],
    queryFn: () => fetchPastEmails(interactionId, pastId),
    staleTime: Infinity,
  });
}
