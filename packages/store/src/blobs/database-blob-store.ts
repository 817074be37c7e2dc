import { sql } from 'kysely';
import { Readable } from 'node:stream';
import type { Db } from '../database.ts';
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

  async put(source: Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const key = newBlobKey();
    const digest = new BlobDigest();
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await this.db.insertInto('blobChunks').values({ key, seq, data }).execute();
      seq += 1;
    };
    try {
      for await (const piece of source as AsyncIterable<Uint8Array>) {
        let chunk: Buffer = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        digest.add(chunk);
        while (chunk.length > 0) {
          const take = Math.min(chunk.length, BLOB_CHUNK_BYTES - pendingBytes);
          pending.push(chunk.subarray(0, take));
          pendingBytes += take;
          chunk = chunk.subarray(take);
          if (pendingBytes === BLOB_CHUNK_BYTES) await flush();
        }
      }
      await flush();
      const stored = digest.result(key);
      await this.db
        .insertInto('blobs')
        .values({ key, size: String(stored.size), sha256: stored.sha256, chunks: seq })
        .execute();
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
}

/** Advisory lock key (one int) of the orphan-chunk sweep; see `routingLockKey` for another. */
export const orphanSweepLockKey = 7242010;
