import type { Logger } from 'pino';
import type { Deps } from '../deps.ts';

/**
 * Runs `refresh` soon after `request()`, never more often than once per `minGapMs`: requests
 * that arrive during a run or within the gap coalesce into one more run. Never throws; a failed
 * run is logged and the next request tries again.
 */
export class ThrottledRefresh {
  private loop: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private pause: { timer: NodeJS.Timeout; wake: () => void } | null = null;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly log: Logger,
    private readonly minGapMs: number,
    private readonly name: string,
  ) {}

  /** Asks for a run within the rate limit; never throws, never waits. */
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

  /** No run starts after this; resolves when the current one (if any) is done. */
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
        this.log.error({ err: error }, `${this.name} refresh failed`),
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
}

export type FeedDeps = Pick<Deps, 'db' | 'clock' | 'publisher' | 'log'>;

/** What a feed tells other nodes, and hears from them, when it has sent something. */
export interface FeedOptions {
  minGapMs?: number;
  /** Called after each send, so the other nodes can `forget()` what they sent last. */
  onSent?: () => void;
}

/** A live feed: on request, at most once per gap, `refresh` works out and sends what changed. */
export abstract class ThrottledFeed {
  private readonly throttle: ThrottledRefresh;

  constructor(
    protected readonly deps: FeedDeps,
    protected readonly options: FeedOptions,
    defaultGapMs: number,
    name: string,
  ) {
    this.throttle = new ThrottledRefresh(
      () => this.refresh(),
      deps.log,
      options.minGapMs ?? defaultGapMs,
      name,
    );
  }

  /** Asks for a refresh within the rate limit; never throws, never waits. */
  request = (): void => this.throttle.request();

  /** Resolves once nothing is scheduled or running (tests). */
  idle = (): Promise<void> => this.throttle.idle();

  stop = (): Promise<void> => this.throttle.stop();

  protected abstract refresh(): Promise<void>;
}
