import { DatabaseBlobStore } from '@sangdam/store';
import type { Deps } from './deps.ts';

/** A put in progress is younger than this; chunks older than it without a header are orphans. */
export const orphanChunkAgeMs = 60 * 60 * 1000;

/**
 * Removes the chunks of blob puts that died half-way (a node killed while storing a file) from
 * the database blob store, on every `workers` node every `everyMs`; the store lets one node sweep
 * at a time. Nothing to do for a folder blob store (its puts rename a finished file into place).
 */
export class BlobSweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deps: Pick<Deps, 'blobs' | 'clock' | 'log'>,
    private readonly everyMs = 10 * 60 * 1000,
  ) {}

  start(): void {
    if (!(this.deps.blobs instanceof DatabaseBlobStore)) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) => this.deps.log.error({ err: error }, 'blob sweep failed'))
        .finally(() => (this.running = null));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: how many orphan chunks went, or null when another node was sweeping. */
  async sweep(): Promise<number | null> {
    const { blobs } = this.deps;
    if (!(blobs instanceof DatabaseBlobStore)) return 0;
    const before = new Date(this.deps.clock().getTime() - orphanChunkAgeMs);
    const removed = await blobs.deleteOrphanChunks(before);
    if (removed) this.deps.log.info({ removed }, 'removed chunks of unfinished blobs');
    return removed;
  }
}
