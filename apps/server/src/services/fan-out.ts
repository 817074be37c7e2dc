import type { Executor, ParticipantRow, StoredEvent } from '@sangdam/store';
import { appendEvent, listParticipants } from '@sangdam/store';
import type { InteractionEvent, NewInteractionEvent } from '@sangdam/contracts';
import type { Outbox } from './outbox.ts';
import { presentEvent, presentEventForCustomer } from './interactions/presenters.ts';

/**
 * Appends an event to the log and queues it for every agent in the interaction now and the
 * customer (an agent who left — transferred it, left the conference — hears no more of it).
 * `participants`, when the caller already read them in this transaction, saves reading them again.
 */
export async function appendAndFanOut(
  tx: Executor,
  outbox: Outbox,
  interactionId: string,
  event: NewInteractionEvent,
  at: Date,
  participants?: readonly ParticipantRow[],
): Promise<InteractionEvent> {
  const stored = await appendEvent(tx, interactionId, event, at);
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
    if (participant.leftAt) continue;
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
