import {
  DatabaseBlobStore,
  FolderBlobStore,
  namedBlobKeys,
  removeNeverSentReplyFiles,
  type BlobSweepCursor,
} from '@sangdam/store';
import { inTransaction, type Deps } from './deps.ts';
import { deleteBlobs } from './chat/attachments.ts';
import { Periodic } from './periodic.ts';

/** A put in progress is younger than this; chunks older than it without a header are orphans. */
export const orphanChunkAgeMs = 60 * 60 * 1000;

/**
 * A complete blob nothing names is left alone this long: a file's blobs are written before the
 * transaction that names them, which commits well within it.
 */
export const unreferencedBlobAgeMs = 60 * 60 * 1000;

/** Blobs looked at per batch (one short transaction each), and batches per pass at most. */
export const unreferencedBlobBatch = 200;
const maxBatchesPerPass = 50;

/** Never-sent reply uploads removed per batch (one short transaction each). */
export const neverSentReplyFileBatch = 100;

/**
 * Removes, on every `workers` node every `everyMs`, the files agents uploaded for email replies
 * that no reply will send any more (their contact ended: a reply needs an open one), with their
 * blobs, whatever the blob store. And cleans the database blob store (the store lets one node
 * sweep at a time): the chunks of blob puts that died half-way, and complete blobs that no
 * row names once they are `unreferencedBlobAgeMs` old (a node killed between writing a received
 * mail's or an upload's blobs and the commit that names them). The complete blobs are walked by
 * age in bounded batches from where the last pass stopped, so a pass never holds a long
 * transaction and each blob is looked at about once per process. In a folder blob store (the
 * embedded default, one node) the same goes for files: a put's `.partial` file a crash left and
 * complete files no row names, once last written `unreferencedBlobAgeMs` ago, checked against
 * the rows `unreferencedBlobBatch` at a time; a younger file is never touched.
 */
export class BlobSweep extends Periodic {
  private cursor: BlobSweepCursor | null = null;

  constructor(
    private readonly deps: Pick<Deps, 'blobs' | 'clock' | 'log' | 'db' | 'publisher'>,
    everyMs = 10 * 60 * 1000,
  ) {
    super({ log: deps.log, name: 'blob sweep', everyMs });
  }

  /**
   * One pass: how many never-sent uploads, orphan chunks and unreferenced blobs went, or null
   * when another node was sweeping the database blob store.
   */
  override async sweep(): Promise<number | null> {
    const neverSent = await this.removeNeverSentReplyFiles();
    const blobs = await this.sweepStoredBlobs();
    return blobs === null ? null : neverSent + blobs;
  }

  /** Uploads of ended contacts, in bounded batches: each batch's rows, then their blobs. */
  private async removeNeverSentReplyFiles(): Promise<number> {
    let removed = 0;
    for (let batch = 0; batch < maxBatchesPerPass; batch += 1) {
      const keys = await inTransaction(this.deps, (tx) =>
        removeNeverSentReplyFiles(tx, neverSentReplyFileBatch),
      );
      await deleteBlobs(
        this.deps,
        keys.map((key) => ({ key })),
      );
      removed += keys.length;
      if (keys.length < neverSentReplyFileBatch) break;
    }
    if (removed) this.deps.log.info({ removed }, 'removed reply uploads never sent');
    return removed;
  }

  private async sweepStoredBlobs(): Promise<number | null> {
    const { blobs } = this.deps;
    const now = this.deps.clock().getTime();
    if (blobs instanceof FolderBlobStore) return this.sweepFolder(blobs, now);
    if (!(blobs instanceof DatabaseBlobStore)) return 0;
    const chunks = await blobs.deleteOrphanChunks(new Date(now - orphanChunkAgeMs));
    if (chunks === null) return null;
    if (chunks) this.deps.log.info({ removed: chunks }, 'removed chunks of unfinished blobs');
    let unreferenced = 0;
    for (let batch = 0; batch < maxBatchesPerPass; batch += 1) {
      const result = await blobs.deleteUnreferencedBlobs(
        new Date(now - unreferencedBlobAgeMs),
        this.cursor,
        unreferencedBlobBatch,
      );
      if (result === null) break;
      unreferenced += result.removed;
      this.cursor = result.next;
      if (result.done) break;
    }
    if (unreferenced) {
      this.deps.log.info({ removed: unreferenced }, 'removed blobs that nothing names');
    }
    return chunks + unreferenced;
  }

  private async sweepFolder(blobs: FolderBlobStore, now: number): Promise<number> {
    const removed = await blobs.deleteOrphans(
      new Date(now - unreferencedBlobAgeMs),
      (keys) => namedBlobKeys(this.deps.db, keys),
      unreferencedBlobBatch,
    );
    if (removed) this.deps.log.info({ removed }, 'removed blob files that nothing names');
    return removed;
  }
}
