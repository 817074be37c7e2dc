import {
  findInteraction,
  leaveParticipation,
  listParticipants,
  lockInteractionsOfAgent,
  lockPendingOfferForInteraction,
  requeueAtHead,
  setInteractionStatus,
  type InteractionRow,
  type ParticipantRow,
  type Tx,
} from '@sangdam/store';
import { inTransaction, type Deps } from '../deps.ts';
import { appendAndFanOut } from '../fan-out.ts';
import { cancelInvitation, leaveConference } from './hand-over.ts';
import { pushInteractionToAgents, withdrawPendingOffer } from './lifecycle.ts';
import type { Outbox } from '../outbox.ts';
import { queueRefOf } from './presenters.ts';

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
        await withdrawPendingOffer(tx, outbox, interactionId, now);
        // A routed or transferred contact keeps its place in its queue (as after RONA, R-AV-4);
        // a conference invitation is simply cancelled and the chat goes on.
        if (offer.kind === 'conference') {
          await cancelInvitation(tx, outbox, interactionId, offer.userId, 'withdrawn', now);
        } else await setInteractionStatus(tx, interactionId, 'queued');
        result.withdrawn.push(offer.id);
      }
      const interaction = (await findInteraction(tx, interactionId))!;
      for (const participation of await listParticipants(tx, interactionId)) {
        if (participation.userId !== userId || participation.releasedAt) continue;
        if (participation.leftAt || interaction.status === 'ended') {
          await leaveParticipation(tx, participation.id, now, true);
          result.wrapUpsDropped.push(interactionId);
        } else if (participation.role === 'conference') {
          await leaveConference(tx, outbox, participation, 'removed', now);
        } else {
          await handBack(tx, outbox, interaction, participation, now);
          result.requeued.push(interactionId);
        }
      }
    }
    return result;
  });
  if (released.requeued.length + released.withdrawn.length > 0) deps.requestRouting();
  return released;
}

/**
 * The primary agent leaves the chat without a wrap-up (a guest leaves with them); the customer is
 * told another agent will take over, and the contact goes back to the head of its queue.
 */
async function handBack(
  tx: Tx,
  outbox: Outbox,
  interaction: InteractionRow,
  primary: ParticipantRow,
  now: Date,
) {
  for (const participation of await listParticipants(tx, interaction.id)) {
    if (participation.leftAt) continue;
    const agent = { id: participation.userId, name: participation.displayName };
    await appendAndFanOut(tx, outbox, interaction.id, { type: 'agent.left', agent }, now);
    await leaveParticipation(tx, participation.id, now, true);
  }
  await requeueAtHead(tx, interaction.id);
  const queued = {
    type: 'queued',
    queue: queueRefOf(interaction),
    reason: 'agent-removed',
  } as const;
  await appendAndFanOut(tx, outbox, interaction.id, queued, now);
  await pushInteractionToAgents(tx, outbox, interaction.id, [primary.userId]);
}
