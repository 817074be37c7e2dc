import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useConversation } from '../../conversation/hooks/use-conversation.ts';
import { fetchContactEmails } from '../api/email-api.ts';
import { buildEmailThread, lastMailChange, type ThreadMail } from '../model/email-thread.ts';

/**
 * The contact's mails: fetched whole, and fetched again after each `email.*` event; until the
 * fetch answers, a new mail shows from its event's summary.
 */
export function useEmailThread(interactionId: string): {
  thread: ThreadMail[];
  loading: boolean;
  error: unknown;
} {
  const { events } = useConversation(interactionId);
  const change = lastMailChange(events);
  const query = useQuery({
    queryKey: ['contact-emails', interactionId, change],
    queryFn: () => fetchContactEmails(interactionId),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const thread = useMemo(() => buildEmailThread(query.data, events), [query.data, events]);
  return { thread, loading: query.isPending && thread.length === 0, error: query.error };
}
