import type { AgentSnapshot, Interaction } from '@sangdam/contracts';
import { AppError, validateWrapUpReasons } from '@sangdam/core';
import {
  decideOffer,
  findInteraction,
  insertParticipant,
  listHeldInteractions,
  listParticipants,
  listPendingOffers,
  listWrapUpReasons,
  loadPresence,
  lockOffer,
  lockPendingOfferForInteraction,
  markParticipantsLeft,
  recordWrapUp,
  releaseParticipant,
  setInteractionStatus,
  type Executor,
  type Tx,
} from '@sangdam/store';
import { loadForActor, type Actor } from './chat.ts';
import { inTransaction, type Deps } from './deps.ts';
import { appendAndFanOut } from './fan-out.ts';
import type { Outbox } from './outbox.ts';
import { presentInteraction, presentOffer, presentPresence } from './presenters.ts';

type AgentActor = Extract<Actor, { kind: 'agent' }>;

/** The agent's interaction as their desktop shows it. */
async function interactionFor(tx: Executor, interactionId: string, userId: string) {
  const row = (await findInteraction(tx, interactionId))!;
  const participant = (await listParticipants(tx, interactionId)).find((p) => p.userId === userId);
  return presentInteraction(row, participant);
}

async function pushInteractionToAgents(tx: Executor, outbox: Outbox, interactionId: string) {
  for (const participant of await listParticipants(tx, interactionId)) {
    outbox.add({
      to: 'agent',
      userId: participant.userId,
      event: 'interaction:updated',
      payload: await interactionFor(tx, interactionId, participant.userId),
    });
  }
}

/** Accept (compare-and-set on the pending offer): the agent joins and the chat becomes active. */
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
    await decideOffer(tx, offer.id, 'accepted', now);
    await setInteractionStatus(tx, offer.interactionId, 'active');
    await insertParticipant(tx, {
      interactionId: offer.interactionId,
      userId: agent.userId,
      role: 'primary',
      joinedAt: now,
    });
    outbox.add({
      to: 'agent',
      userId: agent.userId,
      event: 'offer:gone',
      payload: { offerId, reason: 'accepted' },
    });
    await appendAndFanOut(tx, outbox, {
      interactionId: offer.interactionId,
      type: 'agent.joined',
      body: { agent: { id: agent.userId, name: agent.displayName } },
      at: now,
    });
    const interaction = await interactionFor(tx, offer.interactionId, agent.userId);
    outbox.add({
      to: 'agent',
      userId: agent.userId,
      event: 'interaction:updated',
      payload: interaction,
    });
    return interaction;
  });
}

/** R-CH-12: the agent ends the chat; the customer sees the agent left; wrap-up is owed. */
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
    await closeInteraction(tx, outbox, interaction.id, deps.clock(), 'agent', agent);
    return interactionFor(tx, interactionId, agent.userId);
  });
}

/** Withdraws the interaction's pending offer, if any, and tells the agent it had gone to. */
export async function withdrawPendingOffer(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  now: Date,
): Promise<void> {
  const pending = await lockPendingOfferForInteraction(tx, interactionId);
  if (!pending) return;
  await decideOffer(tx, pending.id, 'withdrawn', now);
  outbox.add({
    to: 'agent',
    userId: pending.userId,
    event: 'offer:gone',
    payload: { offerId: pending.id, reason: 'withdrawn' },
  });
}

/** R-CH-12: the customer leaves; agents see it and owe their wrap-up. */
export async function leaveByCustomer(deps: Deps, interactionId: string): Promise<void> {
  await inTransaction(deps, async (tx, outbox) => {
    const interaction = await findInteraction(tx, interactionId, { lock: true });
    if (!interaction || interaction.status === 'ended') return;
    const now = deps.clock();
    await withdrawPendingOffer(tx, outbox, interactionId, now);
    await appendAndFanOut(tx, outbox, { interactionId, type: 'customer.left', body: {}, at: now });
    await closeInteraction(tx, outbox, interactionId, now, 'customer', null);
  });
  deps.requestRouting();
}

export async function closeInteraction(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  now: Date,
  by: 'agent' | 'customer' | 'system',
  agent: AgentActor | null,
  reason?: 'customer-away',
) {
  if (agent) {
    await appendAndFanOut(tx, outbox, {
      interactionId,
      type: 'agent.left',
      body: { agent: { id: agent.userId, name: agent.displayName } },
      at: now,
    });
  }
  await markParticipantsLeft(tx, interactionId, now);
  await setInteractionStatus(tx, interactionId, 'ended', now);
  const body = reason ? { by, reason } : { by };
  await appendAndFanOut(tx, outbox, { interactionId, type: 'ended', body, at: now });
  await pushInteractionToAgents(tx, outbox, interactionId);
}

/** R-WU-1: records the chosen reasons and frees the agent's capacity for this contact. */
export async function submitWrapUp(
  deps: Deps,
  agent: AgentActor,
  input: { interactionId: string; reasonIds: readonly string[] },
): Promise<Interaction> {
  const result = await inTransaction(deps, async (tx, outbox) => {
    const interaction = await loadForActor(tx, agent, input.interactionId, { lock: true });
    const participant = (await listParticipants(tx, interaction.id)).find(
      (p) => p.userId === agent.userId,
    );
    const owed =
      participant &&
      !participant.releasedAt &&
      (interaction.status === 'ended' || participant.leftAt !== null);
    if (!owed) throw new AppError('WRAP_UP_NOT_PENDING', 'There is no wrap-up to submit here');
    const known = new Set((await listWrapUpReasons(tx)).map((reason) => reason.id));
    const reasonIds = validateWrapUpReasons(input.reasonIds, known);
    const now = deps.clock();
    await recordWrapUp(tx, {
      interactionId: interaction.id,
      userId: agent.userId,
      reasonIds,
      at: now,
    });
    await releaseParticipant(tx, interaction.id, agent.userId, now);
    const updated = await interactionFor(tx, interaction.id, agent.userId);
    outbox.add({
      to: 'agent',
      userId: agent.userId,
      event: 'interaction:updated',
      payload: updated,
    });
    return updated;
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
