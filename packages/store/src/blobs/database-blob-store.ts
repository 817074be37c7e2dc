import { sql } from 'kysely';
import { Readable } from 'node:stream';
import type { Db } from '../database.ts';
import { preparedStatement } from '../prepared.ts';
import {
  BlobDigest,
  BlobNotFoundError,
  isBlobKey,
  newBlobKey,
  type BlobStore,
  type StoredBlob,
} from './blob-store.ts';

/** Bytes per `blob_chunks` row: small enough to hold a few in memory, large enough to be quick. */
export const BLOB_CHUNK_BYTES = 256 * 1024;
/**
 * Chunks written by one statement (2 MiB): each statement is a round trip and a commit of its
 * own, and a 7 MB raw message took 28 of them (4 now).
 */
const CHUNKS_PER_STATEMENT = 8;
/** A blob of one chunk (most files): its chunk and header in one prepared statement. */
const putOneChunk = preparedStatement(
  'put_one_chunk_blob',
  `with chunk as (insert into blob_chunks (key, seq, data) values ($1, 0, $2) returning key)
   insert into blobs (key, size, sha256, chunks) values ($1, $3, $4, 1)`,
);

/**
 * Blobs in PostgreSQL itself (`blobs` + `blob_chunks`), so N nodes on one database share files
 * with nothing else to run. Chunked `bytea` rows rather than large objects: a large object is
 * read and written through a descriptor that lives only inside one transaction (a whole upload
 * or download would hold a pooled connection and a transaction open), large objects are not
 * removed with the rows that name them (orphans need `vacuumlo`), and PGlite's worker protocol
 * has no descriptors. Chunks are ordinary rows: each is written and read by one short statement,
 * they go with every backup, and a delete is a delete.
 *
 * A put writes its chunks first and the `blobs` row last: a blob exists once that row does, so a
 * put that fails half-way (or a node that dies) leaves only chunks without a header, which the
 * put removes when it can and `deleteOrphanChunks` sweeps otherwise.
 */
export class DatabaseBlobStore implements BlobStore {
  constructor(private readonly db: Db) {}

  async put(source: Uint8Array | Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const key = newBlobKey();
    const digest = new BlobDigest();
    let seq = 0;
    /** Whole chunks not written yet, and the bytes of the next one. */
    let rows: { key: string; seq: number; data: Buffer }[] = [];
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const closeChunk = () => {
      rows.push({ key, seq, data: pending.length === 1 ? pending[0]! : Buffer.concat(pending) });
      seq += 1;
      pending = [];
      pendingBytes = 0;
    };
    try {
      const pieces =
        source instanceof Uint8Array ? [source] : (source as AsyncIterable<Uint8Array>);
      for await (const piece of pieces) {
        let chunk: Buffer = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        digest.add(chunk);
        while (chunk.length > 0) {
          const take = Math.min(chunk.length, BLOB_CHUNK_BYTES - pendingBytes);
          pending.push(chunk.subarray(0, take));
          pendingBytes += take;
          chunk = chunk.subarray(take);
          if (pendingBytes < BLOB_CHUNK_BYTES) continue;
          closeChunk();
          if (rows.length === CHUNKS_PER_STATEMENT) {
            await this.db.insertInto('blobChunks').values(rows).execute();
            rows = [];
          }
        }
      }
      if (pendingBytes > 0) closeChunk();
      const stored = digest.result(key);
      const header = { key, size: String(stored.size), sha256: stored.sha256, chunks: seq };
      // The last chunks and the header in one statement (a blob of one chunk, most files: one
      // prepared statement).
      if (rows.length === 1 && seq === 1) {
        await this.db.executeQuery(
          putOneChunk.with([key, rows[0]!.data, header.size, header.sha256]),
        );
      } else if (rows.length === 0) {
        await this.db.insertInto('blobs').values(header).execute();
      } else {
        await this.db
          .with('chunks', (db) => db.insertInto('blobChunks').values(rows).returning('key'))
          .insertInto('blobs')
          .values(header)
          .execute();
      }
      return stored;
    } catch (error) {
      await this.db
        .deleteFrom('blobChunks')
        .where('key', '=', key)
        .execute()
        .catch(() => undefined);
      throw error;
    }
  }

  async open(key: string): Promise<Readable> {
    if (!isBlobKey(key)) throw new BlobNotFoundError(key);
    const header = await this.db
      .selectFrom('blobs')
      .select('chunks')
      .where('key', '=', key)
      .executeTakeFirst();
    if (!header) throw new BlobNotFoundError(key);
    const db = this.db;
    const chunks = header.chunks;
    async function* read(): AsyncGenerator<Buffer> {
      for (let seq = 0; seq < chunks; seq += 1) {
        const row = await db
          .selectFrom('blobChunks')
          .select('data')
          .where('key', '=', key)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) throw new BlobNotFoundError(key);
        yield Buffer.from(row.data);
      }
    }
    return Readable.from(read(), { objectMode: false, highWaterMark: 1 });
  }

  async delete(key: string): Promise<void> {
    if (!isBlobKey(key)) return;
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('blobs').where('key', '=', key).execute();
      await tx.deleteFrom('blobChunks').where('key', '=', key).execute();
    });
  }

  /**
   * Removes chunks that no `blobs` row names and that are older than `before` (a put that died
   * half-way; a put in progress is younger). Returns how many chunk rows went, or null when
   * another node is sweeping now: one sweep at a time cluster-wide (a transaction-level advisory
   * lock, tried, never waited for), so N workers do not delete the same rows side by side.
   */
  async deleteOrphanChunks(before: Date): Promise<number | null> {
    return this.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${orphanSweepLockKey}) as locked`.execute(tx);
      if (rows[0]?.locked !== true) return null;
      const result = await tx
        .deleteFrom('blobChunks')
        .where('createdAt', '<', before)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('blobs')
                .select('blobs.key')
                .whereRef('blobs.key', '=', 'blobChunks.key'),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  /**
   * One bounded batch of the sweep of complete blobs that no row names (a node killed between
   * writing a file's blob and the commit that names it): looks at up to `limit` blobs created
   * before `before`, after `after` in (created, key) order, and deletes those that no attachment
   * (of a chat, a received mail or a reply) and no received mail's raw message names. Returns how
   * many went, where the next batch starts and whether this one reached `before`; null when
   * another node is sweeping now (the same lock as `deleteOrphanChunks`).
   */
  async deleteUnreferencedBlobs(
    before: Date,
    after: BlobSweepCursor | null,
    limit: number,
  ): Promise<{ removed: number; next: BlobSweepCursor | null; done: boolean } | null> {
    return this.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${orphanSweepLockKey}) as locked`.execute(tx);
      if (rows[0]?.locked !== true) return null;
      // The cursor keeps the database's own text of the time: a JS Date would cut microseconds.
      const batch = await tx
        .selectFrom('blobs')
        .select(['key', sql<string>`created_at::text`.as('createdAt')])
        .where('createdAt', '<', before)
        .$if(after !== null, (query) =>
          query.where(
            sql<boolean>`(created_at, key) > (cast(${after!.createdAt} as timestamptz), ${after!.key})`,
          ),
        )
        .orderBy(sql`blobs.created_at`)
        .orderBy(sql`blobs.key`)
        .limit(limit)
        .execute();
      if (batch.length === 0) return { removed: 0, next: after, done: true };
      const unreferenced = await tx
        .selectFrom('blobs')
        .select('blobs.key')
        .where(
          'blobs.key',
          'in',
          batch.map((blob) => blob.key),
        )
        .where((eb) =>
          eb.not(
            eb.or([
              eb.exists(
                eb
                  .selectFrom('attachments')
                  .select('attachments.id')
                  .whereRef('attachments.blobKey', '=', 'blobs.key'),
              ),
              eb.exists(
                eb
                  .selectFrom('emailMessages')
                  .select('emailMessages.id')
                  .whereRef('emailMessages.rawBlobKey', '=', 'blobs.key'),
              ),
              // An agent's upload for a reply not sent yet.
              eb.exists(
                eb
                  .selectFrom('emailReplyFiles')
                  .select('emailReplyFiles.id')
                  .whereRef('emailReplyFiles.blobKey', '=', 'blobs.key'),
              ),
            ]),
          ),
        )
        .execute();
      const keys = unreferenced.map((blob) => blob.key);
      if (keys.length > 0) {
        await tx.deleteFrom('blobs').where('key', 'in', keys).execute();
        await tx.deleteFrom('blobChunks').where('key', 'in', keys).execute();
      }
      const last = batch[batch.length - 1]!;
      return {
        removed: keys.length,
        next: { createdAt: last.createdAt, key: last.key },
        done: batch.length < limit,
      };
    });
  }
}

/** Where the sweep of unreferenced blobs goes on: the last blob it looked at. */
export interface BlobSweepCursor {
  /** Its creation time as the database writes it (microseconds kept). */
  createdAt: string;
  key: string;
}

/** Advisory lock key (one int) of the orphan-chunk sweep; see `routingLockKey` for another. */
export const orphanSweepLockKey = 7242010;
