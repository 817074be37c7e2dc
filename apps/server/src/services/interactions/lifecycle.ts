import type {
  AgentSnapshot,
  Interaction,
  NewInteractionEvent,
  OfferKind,
  ParticipationRole,
} from '@sangdam/contracts';
import { AppError, owesWrapUp, releasedOnLeaving, validateWrapUpReasons } from '@sangdam/core';
import {
  decideOffer,
  findInteraction,
  findPendingHandOver,
  insertParticipant,
  leaveParticipation,
  listHeldInteractions,
  listParticipants,
  listPendingOffers,
  listWrapUpReasons,
  loadPresence,
  lockOffer,
  lockPendingOfferForInteraction,
  recordWrapUp,
  releaseParticipation,
  setInteractionStatus,
  type Executor,
  type ParticipantRow,
  type Tx,
} from '@sangdam/store';
import { loadForActor, type Actor } from '../chat/chat.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { appendAndFanOut } from '../fan-out.ts';
import type { Outbox } from '../outbox.ts';
import { presentInteraction, presentOffer, presentPresence } from './presenters.ts';

export type AgentActor = Extract<Actor, { kind: 'agent' }>;

/** The interaction as `userId`'s desktop shows it. */
export async function interactionFor(
  tx: Executor,
  interactionId: string,
  userId: string,
): Promise<Interaction> {
  const row = (await findInteraction(tx, interactionId))!;
  const participants = await listParticipants(tx, interactionId);
  return presentInteraction(
    row,
    participants,
    userId,
    await findPendingHandOver(tx, interactionId),
  );
}

/** Tells every agent who holds the interaction (and `also`, e.g. one who just left) its state. */
export async function pushInteractionToAgents(
  tx: Executor,
  outbox: Outbox,
  interactionId: string,
  also: readonly string[] = [],
) {
  const participants = await listParticipants(tx, interactionId);
  const holders = participants.filter((p) => !p.releasedAt).map((p) => p.userId);
  for (const userId of new Set([...holders, ...also])) {
    await pushInteractionTo(tx, outbox, interactionId, userId);
  }
}

/** Tells one agent (all their desktops) the interaction as they see it now; returns it. */
export async function pushInteractionTo(
  tx: Executor,
  outbox: Outbox,
  interactionId: string,
  userId: string,
): Promise<Interaction> {
  const payload = await interactionFor(tx, interactionId, userId);
  outbox.add({ to: 'agent', userId, event: 'interaction:updated', payload });
  return payload;
}

/**
 * Accept (compare-and-set on the pending offer). A routed or transferred contact gets its
 * primary agent and becomes active; an invited agent joins the chat as its conference guest.
 */
export async function acceptOffer(
  deps: Deps,
  agent: AgentActor,
  offerId: string,
): Promise<Interaction> {
  return inTransaction(deps, async (tx, outbox) => {
    const offer = await lockOffer(tx, offerId);
    if (!offer || offer.userId !== agent.userId) throw new AppError('NOT_FOUND', 'No such offer');
    const now = deps.clock();
    if (offer.status !== 'pending') {
      throw new AppError('OFFER_NOT_PENDING', 'This contact is no longer offered to you');
    }
    if (offer.expiresAt <= now) {
      throw new AppError('OFFER_EXPIRED', 'This contact was already returned to its queue');
    }
    const role = offer.kind === 'conference' ? 'conference' : 'primary';
    await decideOffer(tx, offer.id, 'accepted', now);
    await setInteractionStatus(tx, offer.interactionId, 'active');
    await insertParticipant(tx, {
      interactionId: offer.interactionId,
      userId: agent.userId,
      role,
      joinedAt: now,
    });
    outbox.add({
      to: 'agent',
      userId: agent.userId,
      event: 'offer:gone',
      payload: { offerId, reason: 'accepted' },
    });
    const joined: NewInteractionEvent = {
      type: 'agent.joined',
      agent: { id: agent.userId, name: agent.displayName },
      ...(role === 'conference' && { role }),
    };
    await appendAndFanOut(tx, outbox, offer.interactionId, joined, now);
    await pushInteractionToAgents(tx, outbox, offer.interactionId);
    return interactionFor(tx, offer.interactionId, agent.userId);
  });
}

/**
 * R-CH-12: the primary agent ends the chat; the customer sees the agent left; wrap-up is owed.
 * An invited agent leaves with `conference:end` instead (R-CH-11).
 */
export async function endByAgent(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
): Promise<Interaction> {
  return inTransaction(deps, async (tx, outbox) => {
    const interaction = await loadForActor(tx, agent, interactionId, { lock: true });
    if (interaction.status === 'ended') {
      throw new AppError('INTERACTION_ENDED', 'This conversation has already ended');
    }
    await openParticipation(tx, interactionId, agent.userId, 'primary');
    await closeInteraction(tx, outbox, interaction.id, deps.clock(), 'agent', agent);
    return interactionFor(tx, interactionId, agent.userId);
  });
}

/**
 * The agent's open participation in the interaction (the caller holds the interaction's lock);
 * with `role`, it must be that one: NOT_PRIMARY otherwise.
 */
export async function openParticipation(
  tx: Executor,
  interactionId: string,
  userId: string,
  role?: ParticipationRole,
): Promise<ParticipantRow> {
  const open = (await listParticipants(tx, interactionId)).find(
    (p) => p.userId === userId && !p.leftAt,
  );
  if (!open) throw new AppError('NOT_A_PARTICIPANT', 'You are not in this conversation');
  if (role && open.role !== role) {
    throw new AppError('NOT_PRIMARY', 'Only the agent serving this contact can do that');
  }
  return open;
}

/**
 * Withdraws the interaction's pending offer, if any, and tells the agent it had gone to; the
 * caller decides what becomes of the contact (it is ending, or going back to its queue).
 */
export async function withdrawPendingOffer(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  now: Date,
): Promise<{ kind: OfferKind; userId: string } | undefined> {
  const pending = await lockPendingOfferForInteraction(tx, interactionId);
  if (!pending) return undefined;
  await decideOffer(tx, pending.id, 'withdrawn', now);
  outbox.add({
    to: 'agent',
    userId: pending.userId,
    event: 'offer:gone',
    payload: { offerId: pending.id, reason: 'withdrawn' },
  });
  return pending;
}

/** R-CH-12: the customer leaves; agents see it and owe their wrap-up. */
export async function leaveByCustomer(deps: Deps, interactionId: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    const interaction = await findInteraction(tx, interactionId, { lock: true });
    if (!interaction || interaction.status === 'ended') return;
    const now = deps.clock();
    await appendAndFanOut(tx, outbox, interactionId, { type: 'customer.left' }, now);
    await closeInteraction(tx, outbox, interactionId, now, 'customer', null);
  });
  deps.requestRouting();
}

/**
 * Ends the interaction (the caller holds its lock): a pending offer is withdrawn, every agent in
 * it leaves — the primary owes a wrap-up, a conference guest is released at once (R-CH-11).
 */
export async function closeInteraction(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  now: Date,
  by: 'agent' | 'customer' | 'system',
  agent: AgentActor | null,
  reason?: 'customer-away' | 'transfer-unanswered',
) {
  await withdrawPendingOffer(tx, outbox, interactionId, now);
  if (agent) {
    const left: NewInteractionEvent = {
      type: 'agent.left',
      agent: { id: agent.userId, name: agent.displayName },
    };
    await appendAndFanOut(tx, outbox, interactionId, left, now);
  }
  const present = (await listParticipants(tx, interactionId)).filter((p) => !p.leftAt);
  for (const participant of present) {
    await leaveParticipation(tx, participant.id, now, releasedOnLeaving(participant.role));
  }
  await setInteractionStatus(tx, interactionId, 'ended', now);
  const ended = { type: 'ended', by, ...(reason && { reason }) } as const;
  await appendAndFanOut(tx, outbox, interactionId, ended, now, present);
  await pushInteractionToAgents(
    tx,
    outbox,
    interactionId,
    present.map((p) => p.userId),
  );
}

/** R-WU-1: records the chosen reasons and frees the agent's capacity for this contact. */
export async function submitWrapUp(
  deps: Deps,
  agent: AgentActor,
  input: { interactionId: string; reasonIds: readonly string[] },
): Promise<Interaction> {
  const result = await inTransaction(deps, async (tx, outbox) => {
    const interaction = await loadForActor(tx, agent, input.interactionId, { lock: true });
    // The oldest participation still owing one: an agent transferred back may owe two.
    const owing = (await listParticipants(tx, interaction.id)).find(
      (p) => p.userId === agent.userId && owesWrapUp(p, interaction),
    );
    if (!owing) throw new AppError('WRAP_UP_NOT_PENDING', 'There is no wrap-up to submit here');
    const known = new Set((await listWrapUpReasons(tx)).map((reason) => reason.id));
    const reasonIds = validateWrapUpReasons(input.reasonIds, known);
    const now = deps.clock();
    await recordWrapUp(tx, {
      participationId: owing.id,
      interactionId: interaction.id,
      userId: agent.userId,
      reasonIds,
      at: now,
    });
    await releaseParticipation(tx, owing.id, now);
    return pushInteractionTo(tx, outbox, interaction.id, agent.userId);
  });
  deps.requestRouting();
  return result;
}

/** Everything an agent's desktop needs on (re)connect. */
export async function agentSnapshot(deps: Deps, userId: string): Promise<AgentSnapshot> {
  const presence = await loadPresence(deps.db, userId, deps.clock());
  const offers = await listPendingOffers(deps.db, userId);
  const held = await listHeldInteractions(deps.db, userId);
  const interactions = await Promise.all(
    held.map((row) => interactionFor(deps.db, row.id, userId)),
  );
  return { presence: presentPresence(presence), offers: offers.map(presentOffer), interactions };
}
