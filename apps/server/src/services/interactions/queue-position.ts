import type { QueuePosition } from '@sangdam/contracts';
import { findInteraction, listQueuePositions, type QueuePositionRow } from '@sangdam/store';
import type { Deps } from '../deps.ts';
import { ThrottledFeed, type FeedDeps, type FeedOptions } from './live-refresh.ts';
import type { Push } from '../outbox.ts';

/**
 * Estimated wait = position × median time-to-offer ÷ Available agents serving the queue.
 *
 * The median is over contacts of this queue that an agent accepted whose offer came in the last
 * hour (offered_at − enqueued_at): how long one agent's slot takes to free up lately. Agents
 * count when Available (Engaged ones included); Idle and RONA agents take no new contacts even
 * while they finish open ones. With no accepted contact in the hour, or nobody Available, there
 * is no honest basis and the estimate is null.
 */
export function estimateWaitSeconds(
  row: Pick<QueuePositionRow, 'position' | 'medianSecondsToOffer' | 'availableAgents'>,
): number | null {
  if (row.medianSecondsToOffer === null || row.availableAgents < 1) return null;
  return Math.round((row.position * row.medianSecondsToOffer) / row.availableAgents);
}

function present(row: QueuePositionRow): QueuePosition {
  return { position: row.position, estimatedWaitSeconds: estimateWaitSeconds(row) };
}

/** Every waiting customer's place and estimate, from one query over all queues. */
export async function listWaitingPositions(
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<{ interactionId: string; position: QueuePosition }[]> {
  const rows = await listQueuePositions(deps.db, deps.clock());
  return rows.map((row) => ({ interactionId: row.interactionId, position: present(row) }));
}

/** One customer's place while their chat waits (e.g. right after their socket connects). */
export async function queuePositionOf(
  deps: Pick<Deps, 'db' | 'clock'>,
  interactionId: string,
): Promise<QueuePosition | null> {
  const interaction = await findInteraction(deps.db, interactionId);
  if (interaction?.status !== 'queued') return null;
  const rows = await listQueuePositions(deps.db, deps.clock(), { queueId: interaction.queueId });
  const row = rows.find((candidate) => candidate.interactionId === interactionId);
  return row ? present(row) : null;
}

/**
 * Pushes `queue:position` to waiting customers whose position or estimate changed since they
 * were last told (by this node, or by any node when `forget()` hears of other nodes' sends),
 * at most once per `minGapMs`.
 */
export class QueuePositionFeed extends ThrottledFeed {
  private readonly lastSent = new Map<string, string>();

  constructor(deps: FeedDeps, options: FeedOptions = {}) {
    super(deps, options, 500, 'queue position');
  }

  /** Another node told customers their places: this node's memory of it is stale. */
  forget = (): void => {
    this.lastSent.clear();
  };

  protected async refresh(): Promise<void> {
    const waiting = await listWaitingPositions(this.deps);
    const pushes: Push[] = [];
    const still = new Set<string>();
    for (const { interactionId, position } of waiting) {
      still.add(interactionId);
      const key = `${position.position}:${position.estimatedWaitSeconds}`;
      if (this.lastSent.get(interactionId) === key) continue;
      this.lastSent.set(interactionId, key);
      pushes.push({ to: 'customer', interactionId, event: 'queue:position', payload: position });
    }
    // A contact that left the queue and comes back (offer expired) is told its place afresh.
    for (const interactionId of this.lastSent.keys()) {
      if (!still.has(interactionId)) this.lastSent.delete(interactionId);
    }
    if (pushes.length === 0) return;
    await this.deps.publisher.publish(pushes);
    this.options.onSent?.();
  }
}
