import type { Executor, ParticipantRow, StoredEvent } from '@sangdam/store';
import { appendEvent, listParticipants } from '@sangdam/store';
import type { InteractionEvent } from '@sangdam/contracts';
import type { Outbox } from './outbox.ts';
import { presentEvent, presentEventForCustomer } from './presenters.ts';

/**
 * Appends an event to the log and queues it for every agent holding the chat and the customer.
 * `participants`, when the caller already read them in this transaction, saves reading them again.
 */
export async function appendAndFanOut(
  tx: Executor,
  outbox: Outbox,
  event: Parameters<typeof appendEvent>[1],
  participants?: readonly ParticipantRow[],
): Promise<InteractionEvent> {
  const stored = await appendEvent(tx, event);
  return fanOut(tx, outbox, stored, participants);
}

export async function fanOut(
  tx: Executor,
  outbox: Outbox,
  stored: StoredEvent,
  participants?: readonly ParticipantRow[],
): Promise<InteractionEvent> {
  const event = presentEvent(stored);
  for (const participant of participants ?? (await listParticipants(tx, stored.interactionId))) {
    if (participant.releasedAt) continue;
    outbox.add({
      to: 'agent',
      userId: participant.userId,
      event: 'interaction:event',
      payload: event,
    });
  }
  const forCustomer = presentEventForCustomer(event);
  if (forCustomer) {
    outbox.add({
      to: 'customer',
      interactionId: stored.interactionId,
      event: 'interaction:event',
      payload: forCustomer,
    });
  }
  return event;
}
