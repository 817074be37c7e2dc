import {
  customerVisibleEventTypes,
  interactionEventSchema,
  type Interaction,
  type InteractionEvent,
  type Offer,
  type OfferKind,
  type Presence,
  type QueueRef,
} from '@sangdam/contracts';
import { owesWrapUp, type PresenceState } from '@sangdam/core';
import type { InteractionRow, OfferRow, ParticipantRow, StoredEvent } from '@sangdam/store';

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
    kind: offer.kind,
    from: offer.fromUserId ? { id: offer.fromUserId, name: offer.fromName ?? '' } : null,
    interactionId: offer.interactionId,
    channel: offer.channel,
    customer: { id: offer.customerId, name: offer.customerName, email: offer.customerEmail },
    queue: { id: offer.queueId, name: offer.queueName, channel: offer.channel },
    waitingSince: offer.waitingSince.toISOString(),
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
  };
}

export const queueRefOf = (row: InteractionRow): QueueRef => ({
  id: row.queueId,
  name: row.queueName,
  channel: row.queueChannel,
});

/** A transfer or conference invitation waiting for its agent. */
export interface PendingHandOver {
  kind: OfferKind;
  userId: string;
  displayName: string;
  expiresAt: Date;
}

/** The interaction as `userId`'s desktop shows it, from every participation in it. */
export function presentInteraction(
  row: InteractionRow,
  participants: readonly ParticipantRow[],
  userId: string,
  pending: PendingHandOver | undefined,
): Interaction {
  const mine = participants.filter((p) => p.userId === userId);
  // The participation `wrapup:submit` would close: the oldest still owing one.
  const owing = mine.find((p) => owesWrapUp(p, row));
  const wrapUpDueAt = owing?.wrapUpDueAt?.toISOString() ?? null;
  const present = participants
    .filter((p) => !p.leftAt)
    .sort((a, b) => Number(a.role !== 'primary') - Number(b.role !== 'primary'));
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    customer: { id: row.customerId, name: row.customerName, email: row.customerEmail },
    queue: queueRefOf(row),
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    wrapUpPending: owing !== undefined,
    wrapUpDueAt,
    wrapUpCancellable: wrapUpDueAt !== null && row.wrapUpCancelAllowed,
    role: mine.find((p) => !p.leftAt)?.role ?? null,
    agents: present.map((p) => ({ id: p.userId, name: p.displayName, role: p.role })),
    pendingOffer: pending
      ? {
          kind: pending.kind,
          agent: { id: pending.userId, name: pending.displayName },
          expiresAt: pending.expiresAt.toISOString(),
        }
      : null,
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
  if (event.type === 'transferred') {
    const to =
      event.to.kind === 'agent'
        ? { kind: 'agent' as const, agent: { ...event.to.agent, id: null } }
        : event.to;
    return { ...event, by: { ...event.by, id: null }, to };
  }
  return event;
}
