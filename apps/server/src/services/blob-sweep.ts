import { DatabaseBlobStore } from '@sangdam/store';
import type { Deps } from './deps.ts';
import { Periodic } from './periodic.ts';

/** A put in progress is younger than this; chunks older than it without a header are orphans. */
export const orphanChunkAgeMs = 60 * 60 * 1000;

/**
 * Removes the chunks of blob puts that died half-way (a node killed while storing a file) from
 * the database blob store, on every `workers` node every `everyMs`; the store lets one node sweep
 * at a time. Nothing to do for a folder blob store (its puts rename a finished file into place).
 */
export class BlobSweep extends Periodic {
  constructor(
    private readonly deps: Pick<Deps, 'blobs' | 'clock' | 'log'>,
    everyMs = 10 * 60 * 1000,
  ) {
    super({ log: deps.log, name: 'blob sweep', everyMs });
  }

  override start(): void {
    if (this.deps.blobs instanceof DatabaseBlobStore) super.start();
  }

  /** One pass: how many orphan chunks went, or null when another node was sweeping. */
  override async sweep(): Promise<number | null> {
    const { blobs } = this.deps;
    if (!(blobs instanceof DatabaseBlobStore)) return 0;
    const before = new Date(this.deps.clock().getTime() - orphanChunkAgeMs);
    const removed = await blobs.deleteOrphanChunks(before);
    if (removed) this.deps.log.info({ removed }, 'removed chunks of unfinished blobs');
    return removed;
  }
}
