import type { InteractionEvent } from '@sangdam/contracts';
import { useMemo } from 'react';
import { emptyLog } from '../../../realtime/interaction-log.ts';
import type { PendingMessage } from '../../../realtime/pending-messages.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';

/** The events and unconfirmed messages of one interaction. */
export function useConversation(interactionId: string): {
  events: readonly InteractionEvent[];
  pending: readonly PendingMessage[];
} {
  const events = useAgentState((state) => (state.logs[interactionId] ?? emptyLog).events);
  const allPending = useAgentState((state) => state.pending);
  const pending = useMemo(
    () => allPending.filter((message) => message.interactionId === interactionId),
    [allPending, interactionId],
  );
  return { events, pending };
}
