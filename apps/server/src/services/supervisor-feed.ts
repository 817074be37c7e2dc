import type { Deps } from './deps.ts';
import { ThrottledRefresh } from './live-refresh.ts';
import type { Push } from './outbox.ts';
import { supervisorSnapshot } from './supervisor-snapshot.ts';

/** Pushes that cannot change what supervisors or waiting customers see. */
export function changesLivePicture(push: Push): boolean {
  if (push.event === 'interaction:event') return push.payload.type !== 'message';
  return (
    push.event !== 'queue:position' &&
    push.event !== 'supervisor:snapshot' &&
    push.event !== 'agent:snapshot'
  );
}

/** What a feed tells other nodes, and hears from them, when it has sent something. */
export interface FeedOptions {
  minGapMs?: number;
  /** Called after each send, so the other nodes can `forget()` what they sent last. */
  onSent?: () => void;
}

/**
 * Sends the supervisors' live picture to the `supervisors` room, which the Socket.IO adapter
 * carries to every node: at most once per `minGapMs`, and only when it differs from the last
 * picture sent (by this node, or by any node when `forget()` hears of other nodes' sends).
 * Only the node that committed a change asks, so nodes do not echo each other; time in state
 * ticks on the clients from `since`, so nothing needs a periodic refresh.
 */
export class SupervisorFeed {
  private readonly throttle: ThrottledRefresh;
  private lastSent = '';

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'publisher' | 'log'>,
    private readonly options: FeedOptions = {},
  ) {
    this.throttle = new ThrottledRefresh(
      () => this.refresh(),
      deps.log,
      options.minGapMs ?? 1000,
      'supervisor',
    );
  }

  /** Asks for a refresh within the rate limit; never throws, never waits. */
  request = (): void => this.throttle.request();

  /** Resolves once nothing is scheduled or running (tests). */
  idle = (): Promise<void> => this.throttle.idle();

  stop = (): Promise<void> => this.throttle.stop();

  /** Another node sent a picture: what this node sent last is no longer what clients hold. */
  forget = (): void => {
    this.lastSent = '';
  };

  private async refresh(): Promise<void> {
    const snapshot = await supervisorSnapshot(this.deps);
    const picture = JSON.stringify({ queues: snapshot.queues, agents: snapshot.agents });
    if (picture === this.lastSent) return;
    this.lastSent = picture;
    this.deps.publisher.publish([
      { to: 'supervisors', event: 'supervisor:snapshot', payload: snapshot },
    ]);
    this.options.onSent?.();
  }
}
