import {
  customerVisibleEventTypes,
  interactionEventSchema,
  type Interaction,
  type InteractionEvent,
  type Offer,
  type Presence,
} from '@sangdam/contracts';
import type { PresenceState } from '@sangdam/core';
import type { InteractionRow, OfferRow, StoredEvent } from '@sangdam/store';

/** Rows to the shapes of packages/contracts. */
export function presentPresence(presence: PresenceState): Presence {
  return {
    state: presence.state,
    idleReasonId: presence.idleReasonId,
    since: presence.since.toISOString(),
    version: presence.version,
  };
}

export function presentOffer(offer: OfferRow): Offer {
  return {
    id: offer.id,
    interactionId: offer.interactionId,
    channel: offer.channel,
    customer: { id: offer.customerId, name: offer.customerName, email: offer.customerEmail },
    queue: { id: offer.queueId, name: offer.queueName, channel: offer.channel },
    waitingSince: offer.waitingSince.toISOString(),
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
  };
}

export function presentInteraction(
  row: InteractionRow,
  participant: { leftAt: Date | null; releasedAt: Date | null } | undefined,
): Interaction {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    customer: { id: row.customerId, name: row.customerName, email: row.customerEmail },
    queue: { id: row.queueId, name: row.queueName, channel: row.queueChannel },
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    wrapUpPending:
      !!participant &&
      !participant.releasedAt &&
      (row.status === 'ended' || participant.leftAt !== null),
    lastSeq: row.lastSeq,
    customerConnected: row.customerConnected,
  };
}

/** A stored event as agents see it. */
export function presentEvent(event: StoredEvent): InteractionEvent {
  return interactionEventSchema.parse({
    ...event.body,
    ...(event.clientMessageId !== null && { clientMessageId: event.clientMessageId }),
    type: event.type,
    interactionId: event.interactionId,
    seq: event.seq,
    at: event.at.toISOString(),
  });
}

/** What a customer may see of an event: agents' internal ids are removed. */
export function presentEventForCustomer(event: InteractionEvent): InteractionEvent | null {
  if (!customerVisibleEventTypes.has(event.type)) return null;
  if (event.type === 'message') return { ...event, author: { ...event.author, id: null } };
  if (event.type === 'agent.joined' || event.type === 'agent.left') {
    return { ...event, agent: { ...event.agent, id: null } };
  }
  return event;
}
