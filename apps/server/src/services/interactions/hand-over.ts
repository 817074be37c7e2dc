import type { HandOverTargets, Interaction, NewInteractionEvent } from '@sangdam/contracts';
import {
  AppError,
  assertCanInvite,
  assertTransferTarget,
  hasFreeCapacity,
  offerExpiry,
} from '@sangdam/core';
import {
  channelOfferTimeout,
  decideOffer,
  findOffer,
  findQueue,
  insertHandOverOffer,
  leaveParticipation,
  listParticipants,
  listQueuesWithWaiting,
  listSignedInAgents,
  loadsOf,
  lockPendingOfferForInteraction,
  lockPresence,
  moveToQueue,
  profilesOf,
  setInteractionStatus,
  type Executor,
  type InteractionRow,
  type ParticipantRow,
  type Tx,
} from '@sangdam/store';
import { loadForActor } from '../chat/chat.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { appendAndFanOut } from '../fan-out.ts';
import {
  closeInteraction,
  interactionFor,
  openParticipation,
  pushInteractionToAgents,
  type AgentActor,
} from './lifecycle.ts';
import type { Outbox } from '../outbox.ts';
import { changePresence } from './presence.ts';
import { presentOffer } from './presenters.ts';

/**
 * R-CH-8, R-CH-10: the interaction's channel's queues and the signed-in agents other than the
 * caller, each with whether they can take it now (Available with free capacity).
 */
export async function handOverTargets(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
): Promise<HandOverTargets> {
  const interaction = await loadForActor(deps.db, agent, interactionId);
  const queues = await listQueuesWithWaiting(deps.db, interaction.channel);
  const others = (await listSignedInAgents(deps.db)).filter((a) => a.id !== agent.userId);
  const free = await freeFor(
    deps.db,
    others.map((a) => a.id),
    interaction.channel,
  );
  return {
    queues,
    agents: others.map((a) => ({ ...a, canTake: a.state === 'available' && free.has(a.id) })),
  };
}

/** Of `userIds`, those with free capacity for `channel` (pending offers count, R-AV-7). */
async function freeFor(db: Executor, userIds: readonly string[], channel: Interaction['channel']) {
  if (userIds.length === 0) return new Set<string>();
  const [profiles, loads] = await Promise.all([profilesOf(db, userIds), loadsOf(db, userIds)]);
  return new Set(
    userIds.filter((id) => {
      const profile = profiles.get(id);
      return profile && hasFreeCapacity(profile, loads.get(id) ?? { chat: 0, email: 0 }, channel);
    }),
  );
}

/**
 * Locks the agent a contact is handed to (their presence row comes before the interaction in the
 * lock order) and checks that they can take it: signed in, with free capacity for the channel.
 */
async function lockTarget(tx: Tx, userId: string, channel: Interaction['channel']) {
  await lockPresence(tx, userId);
  const [target] = await listSignedInAgents(tx, userId);
  if (!target || !(await freeFor(tx, [userId], channel)).has(userId)) {
    throw new AppError('AGENT_UNAVAILABLE', 'That agent cannot take this contact now');
  }
  return target;
}

/** What every hand-over needs: the interaction locked, active, the caller its primary agent. */
async function lockForHandOver(tx: Tx, agent: AgentActor, interactionId: string) {
  const interaction = await loadForActor(tx, agent, interactionId, { lock: true });
  if (interaction.status === 'ended') {
    throw new AppError('INTERACTION_ENDED', 'This conversation has already ended');
  }
  const primary = await openParticipation(tx, interactionId, agent.userId);
  return { interaction, primary };
}

async function assertNoPendingOffer(tx: Tx, interactionId: string) {
  if (await lockPendingOfferForInteraction(tx, interactionId)) {
    throw new AppError('HANDOVER_PENDING', 'A transfer or invitation is already waiting');
  }
}

/**
 * R-CH-8, R-CH-9, R-EM-9: the primary agent hands the interaction to a queue (routed like any
 * contact, keeping its place by when the customer first waited) or to an agent (a `transfer`
 * offer for the channel's offer timeout; unanswered, the chat is dropped). Either way the
 * transferring agent leaves and owes the wrap-up; a conference guest leaves with them.
 */
export async function transfer(
  deps: Deps,
  agent: AgentActor,
  input: {
    interactionId: string;
    to: { kind: 'queue'; queueId: string } | { kind: 'agent'; userId: string };
  },
): Promise<Interaction> {
  const result = await inTransaction(deps, async (tx, outbox) => {
    const channel = (await loadForActor(tx, agent, input.interactionId)).channel;
    assertTransferTarget(channel, input.to.kind);
    const target =
      input.to.kind === 'agent'
        ? await lockTransferTarget(tx, agent, input.to.userId, channel)
        : null;
    const { interaction, primary } = await lockForHandOver(tx, agent, input.interactionId);
    if (primary.role !== 'primary') {
      throw new AppError('NOT_PRIMARY', 'Only the agent serving this contact can do that');
    }
    await assertNoPendingOffer(tx, interaction.id);
    const now = deps.clock();
    const by = { id: agent.userId, name: agent.displayName };
    if (input.to.kind === 'queue') {
      const queue = await findQueue(tx, input.to.queueId);
      if (!queue) throw new AppError('NOT_FOUND', 'No such queue');
      if (queue.channel !== interaction.channel) {
        throw new AppError('TRANSFER_WRONG_CHANNEL', 'That queue does not take this contact');
      }
      const to = { kind: 'queue', queue } as const;
      await appendAndFanOut(tx, outbox, interaction.id, { type: 'transferred', by, to }, now);
      await leaveAll(tx, outbox, interaction.id, now);
      await moveToQueue(tx, interaction.id, queue.id);
      await appendAndFanOut(tx, outbox, interaction.id, { type: 'queued', queue }, now);
    } else {
      const to = { kind: 'agent', agent: { id: target!.id, name: target!.name } } as const;
      await appendAndFanOut(tx, outbox, interaction.id, { type: 'transferred', by, to }, now);
      await leaveAll(tx, outbox, interaction.id, now);
      await setInteractionStatus(tx, interaction.id, 'offered');
      await offerTo(tx, outbox, 'transfer', interaction, target!.id, agent.userId, now);
    }
    await pushInteractionToAgents(tx, outbox, interaction.id, [agent.userId]);
    return interactionFor(tx, interaction.id, agent.userId);
  });
  deps.requestRouting();
  return result;
}

async function lockTransferTarget(
  tx: Tx,
  agent: AgentActor,
  userId: string,
  channel: Interaction['channel'],
) {
  if (userId === agent.userId) {
    throw new AppError('TRANSFER_TO_SELF', 'You cannot transfer a contact to yourself');
  }
  return lockTarget(tx, userId, channel);
}

/** Every agent in the interaction leaves it: the primary owes a wrap-up, a guest does not. */
async function leaveAll(tx: Tx, outbox: Outbox, interactionId: string, now: Date) {
  for (const participation of await listParticipants(tx, interactionId)) {
    if (participation.leftAt) continue;
    const reason = participation.role === 'primary' ? 'transferred' : 'conference-ended';
    await leave(tx, outbox, participation, reason, now);
  }
}

async function leave(
  tx: Tx,
  outbox: Outbox,
  participation: ParticipantRow,
  reason: 'transferred' | 'conference-ended' | 'removed',
  now: Date,
) {
  const agent = { id: participation.userId, name: participation.displayName };
  await appendAndFanOut(
    tx,
    outbox,
    participation.interactionId,
    { type: 'agent.left', agent, reason },
    now,
  );
  await leaveParticipation(tx, participation.id, now, participation.role === 'conference');
}

/** A conference guest leaves (or is removed); the chat goes on. */
export async function leaveConference(
  tx: Tx,
  outbox: Outbox,
  guest: ParticipantRow,
  reason: 'conference-ended' | 'removed',
  now: Date,
) {
  await leave(tx, outbox, guest, reason, now);
  await pushInteractionToAgents(tx, outbox, guest.interactionId, [guest.userId]);
}

async function offerTo(
  tx: Tx,
  outbox: Outbox,
  kind: 'transfer' | 'conference',
  interaction: InteractionRow,
  userId: string,
  fromUserId: string,
  now: Date,
) {
  const timeout = await channelOfferTimeout(tx, interaction.channel);
  const offerId = await insertHandOverOffer(tx, {
    kind,
    interactionId: interaction.id,
    userId,
    fromUserId,
    offeredAt: now,
    expiresAt: new Date(now.getTime() + timeout * 1000),
  });
  const offer = (await findOffer(tx, offerId))!;
  outbox.add({ to: 'agent', userId, event: 'offer:new', payload: presentOffer(offer) });
}

/** R-CH-10: the primary agent invites another agent into the chat. */
export async function inviteToConference(
  deps: Deps,
  agent: AgentActor,
  input: { interactionId: string; userId: string },
): Promise<Interaction> {
  const result = await inTransaction(deps, async (tx, outbox) => {
    const channel = (await loadForActor(tx, agent, input.interactionId)).channel;
    if (input.userId === agent.userId) {
      throw new AppError('ALREADY_IN_INTERACTION', 'You are already in this conversation');
    }
    const target = await lockTarget(tx, input.userId, channel);
    const { interaction, primary } = await lockForHandOver(tx, agent, input.interactionId);
    assertCanInvite(interaction.channel, primary.role);
    await assertNoPendingOffer(tx, interaction.id);
    const participants = await listParticipants(tx, interaction.id);
    if (participants.some((p) => p.userId === target.id && !p.leftAt)) {
      throw new AppError('ALREADY_IN_INTERACTION', 'That agent is already in this conversation');
    }
    const now = deps.clock();
    const requested: NewInteractionEvent = {
      type: 'conference.requested',
      by: { id: agent.userId, name: agent.displayName },
      agent: { id: target.id, name: target.name },
    };
    await appendAndFanOut(tx, outbox, interaction.id, requested, now, participants);
    await offerTo(tx, outbox, 'conference', interaction, target.id, agent.userId, now);
    await pushInteractionToAgents(tx, outbox, interaction.id);
    return interactionFor(tx, interaction.id, agent.userId);
  });
  return result;
}

/**
 * R-CH-11 `End conference`: from the primary agent it withdraws a pending invitation or removes
 * the guest, and the chat goes on; from the guest it makes only them leave. Nothing to end: the
 * interaction as it is (a repeated click changes nothing).
 */
export async function endConference(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
): Promise<Interaction> {
  const result = await inTransaction(deps, async (tx, outbox) => {
    const { interaction, primary: mine } = await lockForHandOver(tx, agent, interactionId);
    const now = deps.clock();
    if (mine.role === 'conference') {
      await leaveConference(tx, outbox, mine, 'conference-ended', now);
      return interactionFor(tx, interaction.id, agent.userId);
    }
    const pending = await lockPendingOfferForInteraction(tx, interaction.id);
    if (pending?.kind === 'conference') {
      await decideOffer(tx, pending.id, 'withdrawn', now);
      outbox.add({
        to: 'agent',
        userId: pending.userId,
        event: 'offer:gone',
        payload: { offerId: pending.id, reason: 'withdrawn' },
      });
      await cancelInvitation(tx, outbox, interaction.id, pending.userId, 'withdrawn', now);
    }
    for (const guest of await listParticipants(tx, interaction.id)) {
      if (guest.role === 'conference' && !guest.leftAt) {
        await leaveConference(tx, outbox, guest, 'conference-ended', now);
      }
    }
    return interactionFor(tx, interaction.id, agent.userId);
  });
  deps.requestRouting();
  return result;
}

/** The invitation ended unanswered or withdrawn: the agents in the chat are told. */
export async function cancelInvitation(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  invitedUserId: string,
  reason: 'expired' | 'withdrawn',
  now: Date,
) {
  const [invited] = await tx
    .selectFrom('users')
    .select(['id', 'displayName as name'])
    .where('id', '=', invitedUserId)
    .execute();
  const cancelled: NewInteractionEvent = { type: 'conference.cancelled', agent: invited!, reason };
  await appendAndFanOut(tx, outbox, interactionId, cancelled, now);
  await pushInteractionToAgents(tx, outbox, interactionId);
}

/**
 * An offer ran out (the caller holds the agent's presence, the offer and its interaction): what
 * happens to the contact and the agent is its kind's rule in core (`offerExpiry`).
 */
export async function expireOffer(
  tx: Tx,
  outbox: Outbox,
  offer: { id: string; kind: keyof typeof offerExpiry; interactionId: string; userId: string },
  now: Date,
): Promise<void> {
  await decideOffer(tx, offer.id, 'expired', now);
  outbox.add({
    to: 'agent',
    userId: offer.userId,
    event: 'offer:gone',
    payload: { offerId: offer.id, reason: 'expired' },
  });
  const rule = offerExpiry[offer.kind];
  if (rule.contact === 'requeue') await setInteractionStatus(tx, offer.interactionId, 'queued');
  else if (rule.contact === 'drop') {
    await closeInteraction(
      tx,
      outbox,
      offer.interactionId,
      now,
      'system',
      null,
      'transfer-unanswered',
    );
  } else {
    await cancelInvitation(tx, outbox, offer.interactionId, offer.userId, 'expired', now);
  }
  if (rule.agent === 'rona') {
    await changePresence(tx, outbox, offer.userId, { to: 'rona', cause: 'rona' }, now).catch(
      (error: unknown) => {
        // An agent who went Idle meanwhile stays Idle: RONA applies only to Available.
        if (!(error instanceof AppError && error.code === 'INVALID_STATE_CHANGE')) throw error;
      },
    );
  }
}
