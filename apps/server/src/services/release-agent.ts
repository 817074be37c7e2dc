import {
  decideOffer,
  dropParticipant,
  findInteraction,
  listParticipants,
  lockInteractionsOfAgent,
  lockPendingOfferForInteraction,
  requeueAtHead,
  setInteractionStatus,
  type Tx,
} from '@sangdam/store';
import { inTransaction, type Deps } from './deps.ts';
import { appendAndFanOut } from './fan-out.ts';
import type { Outbox } from './outbox.ts';

export interface Released {
  /** Open contacts handed back to the head of their queues. */
  requeued: string[];
  /** Offers withdrawn from the agent (the contacts keep their place in the queue). */
  withdrawn: string[];
  /** Wrap-ups the agent owed, closed by the system without reasons. */
  wrapUpsDropped: string[];
}

/**
 * Takes everything an agent holds away from them (their account was deactivated): pending offers
 * are withdrawn, open contacts go back to the head of their queue with the customer told, owed
 * wrap-ups are closed by the system. Idempotent: a second run finds nothing.
 */
export async function releaseAgentContacts(deps: Deps, userId: string): Promise<Released> {
  const released = await inTransaction(deps, async (tx, outbox) => {
    const result: Released = { requeued: [], withdrawn: [], wrapUpsDropped: [] };
    const now = deps.clock();
    for (const interactionId of await lockInteractionsOfAgent(tx, userId)) {
      const offer = await lockPendingOfferForInteraction(tx, interactionId);
      if (offer?.userId === userId) {
        await withdrawOffer(tx, outbox, interactionId, offer.id, userId, now);
        result.withdrawn.push(offer.id);
        continue;
      }
      const participant = (await listParticipants(tx, interactionId)).find(
        (p) => p.userId === userId && !p.releasedAt,
      );
      if (!participant) continue;
      const interaction = (await findInteraction(tx, interactionId))!;
      if (interaction.status === 'ended' || participant.leftAt) {
        await dropParticipant(tx, interactionId, userId, now);
        result.wrapUpsDropped.push(interactionId);
      } else {
        await handBack(tx, outbox, interactionId, participant.displayName, userId, now);
        result.requeued.push(interactionId);
      }
    }
    return result;
  });
  if (released.requeued.length + released.withdrawn.length > 0) deps.requestRouting();
  return released;
}

async function withdrawOffer(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  offerId: string,
  userId: string,
  now: Date,
) {
  await decideOffer(tx, offerId, 'withdrawn', now);
  // Queued again with its original enqueue time: it keeps its place, as after RONA (R-AV-4).
  await setInteractionStatus(tx, interactionId, 'queued');
  outbox.add({
    to: 'agent',
    userId,
    event: 'offer:gone',
    payload: { offerId, reason: 'withdrawn' },
  });
}

/** The agent leaves the chat; the customer is told another agent will take over. */
async function handBack(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  agentName: string,
  userId: string,
  now: Date,
) {
  await appendAndFanOut(tx, outbox, {
    interactionId,
    type: 'agent.left',
    body: { agent: { id: userId, name: agentName } },
    at: now,
  });
  await dropParticipant(tx, interactionId, userId, now);
  await requeueAtHead(tx, interactionId);
  const interaction = (await findInteraction(tx, interactionId))!;
  await appendAndFanOut(tx, outbox, {
    interactionId,
    type: 'queued',
    body: {
      queue: {
        id: interaction.queueId,
        name: interaction.queueName,
        channel: interaction.queueChannel,
      },
      reason: 'agent-removed',
    },
    at: now,
  });
}
