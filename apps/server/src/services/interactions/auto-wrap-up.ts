import type { Interaction } from '@sangdam/contracts';
import { AppError, owesWrapUp } from '@sangdam/core';
import {
  clearWrapUpDeadline,
  findDefaultWrapUpReason,
  listDueWrapUps,
  listParticipants,
  lockDueWrapUp,
  recordWrapUp,
  releaseParticipation,
  type DueWrapUp,
} from '@sangdam/store';
import { loadForActor } from '../chat/chat.ts';
import { inTransaction, type Deps } from '../deps.ts';
import { Periodic } from '../periodic.ts';
import { pushInteractionTo, type AgentActor } from './lifecycle.ts';

/** Due wrap-ups read per pass of the sweep. */
const sweepBatch = 50;

/**
 * R-WU-2: records the default wrap-up reason (`automatic`) for wrap-ups whose deadline passed and
 * frees the agents' capacity. The deadline is in the database, so the workers of any node do it,
 * whether or not the agent's desktop is open or the node that ended the contact still runs.
 */
export class WrapUpSweep extends Periodic {
  constructor(
    private readonly deps: Deps,
    everyMs = 1000,
  ) {
    super({ log: deps.log, name: 'wrap-up sweep', everyMs });
  }

  /** One pass over every due wrap-up; how many it recorded. */
  override async sweep(): Promise<number> {
    let recorded = 0;
    for (;;) {
      const due = await listDueWrapUps(this.deps.db, this.deps.clock(), sweepBatch);
      let done = 0;
      for (const wrapUp of due) {
        if (await recordAutomaticWrapUp(this.deps, wrapUp)) done++;
      }
      recorded += done;
      // A full batch may hide more, unless none of it could be taken now (held by a use case).
      if (due.length < sweepBatch || done === 0) break;
    }
    if (recorded > 0) this.deps.requestRouting();
    return recorded;
  }
}

/**
 * Records the default reason for one due wrap-up and releases the participation; false when it
 * is no longer due or its interaction is busy (the next pass looks again). Without a default
 * reason there is nothing to record: the deadline is dropped (logged) and the wrap-up waits for
 * the agent, whose dialog stops counting down.
 */
async function recordAutomaticWrapUp(deps: Deps, due: DueWrapUp): Promise<boolean> {
  return inTransaction(deps, async (tx, outbox) => {
    const now = deps.clock();
    if (!(await lockDueWrapUp(tx, due.participationId, now))) return false;
    const reasonId = await findDefaultWrapUpReason(tx);
    if (reasonId) {
      await recordWrapUp(tx, {
        participationId: due.participationId,
        interactionId: due.interactionId,
        userId: due.userId,
        reasonIds: [reasonId],
        at: now,
        automatic: true,
      });
      await releaseParticipation(tx, due.participationId, now);
    } else {
      deps.log.warn(
        { interactionId: due.interactionId, userId: due.userId },
        'wrap-up deadline passed but no wrap-up reason is the default: left to the agent',
      );
      await clearWrapUpDeadline(tx, due.participationId);
    }
    await pushInteractionTo(tx, outbox, due.interactionId, due.userId);
    return reasonId !== undefined;
  });
}

/** R-WU-2: the agent stops their wrap-up's countdown, if the channel lets agents do that. */
export async function holdWrapUp(
  deps: Deps,
  agent: AgentActor,
  interactionId: string,
): Promise<Interaction> {
  return inTransaction(deps, async (tx, outbox) => {
    const interaction = await loadForActor(tx, agent, interactionId, { lock: true });
    const owing = (await listParticipants(tx, interaction.id)).find(
      (p) => p.userId === agent.userId && owesWrapUp(p, interaction),
    );
    if (!owing) throw new AppError('WRAP_UP_NOT_PENDING', 'There is no wrap-up to submit here');
    if (!interaction.wrapUpCancelAllowed) {
      throw new AppError(
        'WRAP_UP_HOLD_NOT_ALLOWED',
        'The wrap-up countdown cannot be stopped for this channel',
      );
    }
    if (owing.wrapUpDueAt) await clearWrapUpDeadline(tx, owing.id);
    // The agent's other desktops stop counting too.
    return pushInteractionTo(tx, outbox, interaction.id, agent.userId);
  });
}
