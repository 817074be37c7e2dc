import { ThrottledFeed, type FeedDeps, type FeedOptions } from '../interactions/live-refresh.ts';
import type { Push } from '../outbox.ts';
import { supervisorSnapshot } from './snapshot.ts';

/** Pushes that cannot change what supervisors or waiting customers see. */
export function changesLivePicture(push: Push): boolean {
  if (push.event === 'interaction:event') return push.payload.type !== 'message';
  return (
    push.event !== 'queue:position' &&
    push.event !== 'supervisor:snapshot' &&
    push.event !== 'agent:snapshot' &&
    push.event !== 'customer:presence'
  );
}

/**
 * Sends the supervisors' live picture to the `supervisors` room, which the Socket.IO adapter
 * carries to every node: at most once per `minGapMs`, and only when it differs from the last
 * picture sent (by this node, or by any node when `forget()` hears of other nodes' sends).
 * Only the node that committed a change asks, so nodes do not echo each other; time in state
 * ticks on the clients from `since`, so nothing needs a periodic refresh.
 */
export class SupervisorFeed extends ThrottledFeed {
  private lastSent = '';

  constructor(deps: FeedDeps, options: FeedOptions = {}) {
    super(deps, options, 1000, 'supervisor');
  }

  /** Another node sent a picture: what this node sent last is no longer what clients hold. */
  forget = (): void => {
    this.lastSent = '';
  };

  protected async refresh(): Promise<void> {
    const snapshot = await supervisorSnapshot(this.deps);
    const picture = JSON.stringify({ queues: snapshot.queues, agents: snapshot.agents });
    if (picture === this.lastSent) return;
    this.lastSent = picture;
    await this.deps.publisher.publish([
      { to: 'supervisors', event: 'supervisor:snapshot', payload: snapshot },
    ]);
    this.options.onSent?.();
  }
}
