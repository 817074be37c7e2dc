import type { Deps } from './deps.ts';
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

/**
 * Sends the supervisors' live picture to the `supervisors` room, which the Socket.IO adapter
 * carries to every node: at most once per `minGapMs`, and only when it differs from what this
 * node sent last. Only the node that committed a change asks, so nodes do not echo each other;
 * time in state ticks on the clients from `since`, so nothing needs a periodic refresh.
 */
export class SupervisorFeed {
  private loop: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private lastSent = '';
  private pause: { timer: NodeJS.Timeout; wake: () => void } | null = null;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'clock' | 'publisher' | 'log'>,
    private readonly minGapMs = 1000,
  ) {}

  /** Asks for a refresh within the rate limit; never throws, never waits. */
  request = (): void => {
    if (this.stopped) return;
    this.dirty = true;
    this.loop ??= this.drain().finally(() => {
      this.loop = null;
      // A request that came after the loop's last check starts a new loop.
      if (this.dirty) this.request();
    });
  };

  /** Resolves once nothing is scheduled or running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.dirty = false;
    if (this.pause) {
      clearTimeout(this.pause.timer);
      this.pause.wake();
    }
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (this.dirty && !this.stopped) {
      const wait = this.lastStartedAt + this.minGapMs - performance.now();
      if (wait > 0) await this.sleep(wait);
      if (this.stopped) return;
      this.dirty = false;
      this.lastStartedAt = performance.now();
      await this.refresh().catch((error: unknown) =>
        this.deps.log.error({ err: error }, 'supervisor refresh failed'),
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.pause = { timer, wake: resolve };
    }).finally(() => {
      this.pause = null;
    });
  }

  private async refresh(): Promise<void> {
    const snapshot = await supervisorSnapshot(this.deps);
    const picture = JSON.stringify({ queues: snapshot.queues, agents: snapshot.agents });
    if (picture === this.lastSent || this.stopped) return;
    this.lastSent = picture;
    this.deps.publisher.publish([
      { to: 'supervisors', event: 'supervisor:snapshot', payload: snapshot },
    ]);
  }
}
