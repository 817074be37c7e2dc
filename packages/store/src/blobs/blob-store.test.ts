import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../database.ts';
import { createTestDatabase, engines } from '../../test/test-databases.ts';
import { BlobNotFoundError, isBlobKey, type BlobStore } from './blob-store.ts';
import { BLOB_CHUNK_BYTES, DatabaseBlobStore } from './database-blob-store.ts';
import { FolderBlobStore } from './folder-blob-store.ts';

async function readAll(stream: Readable): Promise<{ bytes: Buffer; largestChunk: number }> {
  const parts: Buffer[] = [];
  let largestChunk = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.from(chunk as Uint8Array);
    largestChunk = Math.max(largestChunk, buffer.length);
    parts.push(buffer);
  }
  return { bytes: Buffer.concat(parts), largestChunk };
}

/** Bytes in uneven pieces, as a network stream delivers them. */
async function* pieces(bytes: Buffer, size = 70_001): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function* failingAfter(bytes: Buffer): AsyncGenerator<Buffer> {
  yield* pieces(bytes);
  throw new Error('the client went away');
}

interface Driver {
  store: BlobStore;
  /** Everything the driver keeps, to show a failed put or a delete left nothing. */
  leftovers(): Promise<number>;
  close(): Promise<void>;
}

async function folderDriver(): Promise<Driver> {
  const root = await mkdtemp(join(tmpdir(), 'sangdam-blobs-'));
  const countFiles = async (dir: string): Promise<number> => {
    let count = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      count += entry.isDirectory() ? await countFiles(join(dir, entry.name)) : 1;
    }
    return count;
  };
  return {
    store: new FolderBlobStore(join(root, 'blobs')),
    leftovers: () => countFiles(root),
    close: () => rm(root, { recursive: true, force: true }),
  };
}

async function databaseDriver(engine: 'pglite' | 'postgres'): Promise<Driver> {
  const open: OpenDatabase = await createTestDatabase(engine);
  return {
    store: new DatabaseBlobStore(open.db),
    leftovers: async () => {
      const blobs = await open.db.selectFrom('blobs').select('key').execute();
      const chunks = await open.db.selectFrom('blobChunks').select('key').execute();
      return blobs.length + chunks.length;
    },
    close: () => open.close(),
  };
}

const drivers: [string, () => Promise<Driver>][] = [
  ['a folder', folderDriver],
  ...engines.map((engine): [string, () => Promise<Driver>] => [
    `the database on ${engine}`,
    () => databaseDriver(engine),
  ]),
];

describe.each(drivers)('blob store in %s', (_name, start) => {
  let driver: Driver;
  beforeAll(async () => {
    driver = await start();
  });
  afterAll(() => driver.close());

  it('streams a file of several chunks in and out unchanged, with its size and SHA-256', async () => {
    const bytes = randomBytes(BLOB_CHUNK_BYTES * 3 + 12_345);
    const stored = await driver.store.put(pieces(bytes));
    expect(stored.size).toBe(bytes.length);
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const { bytes: back, largestChunk } = await readAll(await driver.store.open(stored.key));
    expect(back.equals(bytes)).toBe(true);
    // Read back a piece at a time, never the whole file at once.
    expect(largestChunk).toBeLessThanOrEqual(BLOB_CHUNK_BYTES);
    await driver.store.delete(stored.key);
  });

  it('takes a Node stream and an empty one', async () => {
    const stored = await driver.store.put(Readable.from([Buffer.from('안녕하세요')]));
    expect((await readAll(await driver.store.open(stored.key))).bytes.toString()).toBe(
      '안녕하세요',
    );
    const empty = await driver.store.put(Readable.from([]));
    expect(empty.size).toBe(0);
    expect((await readAll(await driver.store.open(empty.key))).bytes.length).toBe(0);
    await driver.store.delete(stored.key);
    await driver.store.delete(empty.key);
  });

  it('takes bytes already in memory, a view into a larger buffer included', async () => {
    const whole = randomBytes(BLOB_CHUNK_BYTES * 2 + 100);
    const part = new Uint8Array(whole.buffer, whole.byteOffset + 50, BLOB_CHUNK_BYTES + 7);
    const stored = await driver.store.put(part);
    expect(stored.size).toBe(part.byteLength);
    expect(stored.sha256).toBe(createHash('sha256').update(part).digest('hex'));
    expect((await readAll(await driver.store.open(stored.key))).bytes.equals(part)).toBe(true);
    await driver.store.delete(stored.key);
  });

  it('names every blob with a new random key, never from its content', async () => {
    const same = Buffer.from('same bytes');
    const a = await driver.store.put(pieces(same));
    const b = await driver.store.put(pieces(same));
    expect(a.key).not.toBe(b.key);
    expect(a.sha256).toBe(b.sha256);
    expect(isBlobKey(a.key) && isBlobKey(b.key)).toBe(true);
    await driver.store.delete(a.key);
    await driver.store.delete(b.key);
  });

  it('deletes a blob: nothing of it is left and opening it is refused', async () => {
    const stored = await driver.store.put(pieces(randomBytes(BLOB_CHUNK_BYTES + 1)));
    expect(await driver.leftovers()).toBeGreaterThan(0);
    await driver.store.delete(stored.key);
    expect(await driver.leftovers()).toBe(0);
    await expect(driver.store.open(stored.key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await driver.store.delete(stored.key);
  });

  it('leaves nothing behind when the source fails half-way', async () => {
    await expect(driver.store.put(failingAfter(randomBytes(BLOB_CHUNK_BYTES * 2)))).rejects.toThrow(
      'the client went away',
    );
    expect(await driver.leftovers()).toBe(0);
  });

  it('refuses keys it did not make, paths included', async () => {
    for (const key of ['../../etc/passwd', 'a/b', '', 'x'.repeat(22) + '/', '..']) {
      await expect(driver.store.open(key)).rejects.toBeInstanceOf(BlobNotFoundError);
      await driver.store.delete(key);
    }
    await expect(driver.store.open('A'.repeat(22))).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});

describe.each(engines)('database blob store on %s: its chunks', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  it('writes a file of many chunks, several to a statement, numbered in order', async () => {
    // 17 chunks: two full statements' worth and one more, written with the header.
    const bytes = randomBytes(BLOB_CHUNK_BYTES * 16 + 1);
    const store = new DatabaseBlobStore(open.db);
    const stored = await store.put(bytes);
    const rows = await open.db
      .selectFrom('blobChunks')
      .select(['seq', (eb) => eb.fn<number>('length', ['data']).as('length')])
      .where('key', '=', stored.key)
      .orderBy('seq')
      .execute();
    expect(rows.map((row) => row.seq)).toEqual([...Array(17).keys()]);
    expect(rows.at(-1)!.length).toBe(1);
    expect((await readAll(await store.open(stored.key))).bytes.equals(bytes)).toBe(true);
  });

  it('stores chunks as they are, without compressing them', async () => {
    const store = new DatabaseBlobStore(open.db);
    // Text compresses well: PostgreSQL would have compressed it before migration 0025.
    const stored = await store.put(Buffer.from('order,item,qty\r\n'.repeat(20_000)));
    const { rows } = await sql<{ method: string | null }>`
      select pg_column_compression(data) as method from blob_chunks where key = ${stored.key}`.execute(
      open.db,
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((row) => row.method === null)).toBe(true);
  });

  it('sweeps chunks that no blob names once they are old, and keeps whole blobs', async () => {
    const store = new DatabaseBlobStore(open.db);
    const kept = await store.put(pieces(randomBytes(1000)));
    await open.db
      .insertInto('blobChunks')
      .values({ key: 'B'.repeat(22), seq: 0, data: Buffer.from('half'), createdAt: '2020-01-01' })
      .execute();
    expect(await store.deleteOrphanChunks(new Date('2026-01-01'))).toBe(1);
    expect((await readAll(await store.open(kept.key))).bytes.length).toBe(1000);
  });

  it('walks complete blobs in bounded batches, deleting the old ones nothing names', async () => {
    const store = new DatabaseBlobStore(open.db);
    const old = [];
    for (let i = 0; i < 5; i += 1) old.push(await store.put(pieces(randomBytes(10))));
    const young = await store.put(pieces(randomBytes(10)));
    // Written within one microsecond: the batches' cursor must not skip or repeat any of them.
    await open.db
      .updateTable('blobs')
      .set({ createdAt: '2020-01-01T00:00:00.123456Z' })
      .where(
        'key',
        'in',
        old.map((blob) => blob.key),
      )
      .execute();
    let cursor = null;
    const removed: number[] = [];
    for (;;) {
      const batch = await store.deleteUnreferencedBlobs(new Date('2026-01-01'), cursor, 2);
      removed.push(batch!.removed);
      cursor = batch!.next;
      if (batch!.done) break;
    }
    expect(removed).toEqual([2, 2, 1]);
    const left = await open.db.selectFrom('blobs').select('key').execute();
    const oldKeys = new Set(old.map((blob) => blob.key));
    expect(left.filter((blob) => oldKeys.has(blob.key))).toEqual([]);
    expect(left.map((blob) => blob.key)).toContain(young.key);
    const chunks = await open.db
      .selectFrom('blobChunks')
      .select('key')
      .where(
        'key',
        'in',
        old.map((blob) => blob.key),
      )
      .execute();
    expect(chunks).toEqual([]);
  });
});

describe('folder blob store: its sub-folders', () => {
  it('makes a sub-folder once, and again when it was removed from outside', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sangdam-blobs-'));
    try {
      const store = new FolderBlobStore(root);
      const made = new Set<string>();
      for (let i = 0; i < 150; i++) {
        made.add((await store.put(Readable.from([Buffer.from('x')]))).key.slice(0, 2));
      }
      for (const folder of await readdir(root)) await rm(join(root, folder), { recursive: true });
      // Puts until one lands in a folder the store made before it was removed (~1 in 27).
      for (let i = 0; i < 1000; i++) {
        const blob = await store.put(Readable.from([Buffer.from(`blob ${i}`)]));
        expect(await text(await store.open(blob.key))).toBe(`blob ${i}`);
        if (made.has(blob.key.slice(0, 2))) return;
      }
      throw new Error('no key fell into a removed folder');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
