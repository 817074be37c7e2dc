import { engines } from '@sangdam/store/test/test-databases.ts';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.ts';
import { GroupCommit, type WriteItem } from './group-commit.ts';

describe.each(engines)('group commit on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine, { SANGDAM_ROLES: 'web' });
  });
  afterEach(() => server.close());

  /** Each item answers the id of the transaction that wrote it. */
  const transactionId: WriteItem<number, string> = async (tx) =>
    (await sql<{ id: string }>`select txid_current()::text as id`.execute(tx)).rows[0]!.id;

  it('writes what arrives while a batch commits in the next transaction, in arrival order', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const order: number[] = [];
    const batches = new GroupCommit<number, string>(
      server.sangdam.deps,
      async (tx, outbox, item) => {
        if (item === 0) await gate;
        order.push(item);
        return transactionId(tx, outbox, item);
      },
      { maxBatch: 64, maxInFlight: 1, keyOf: String },
    );
    const first = batches.submit(0);
    // The first batch is in flight (held by the gate); these wait for it and go together.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [1, 2, 3, 4, 5, 6, 7].map((item) => batches.submit(item));
    open();
    const ids = await Promise.all([first, ...rest]);
    expect(new Set(ids.slice(1)).size).toBe(1);
    expect(ids[1]).not.toBe(ids[0]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it('writes a whole batch at once when it can, and item by item when that fails', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const batchesWritten: number[][] = [];
    const batches = new GroupCommit<number, string>(
      server.sangdam.deps,
      async (_tx, _outbox, item) => {
        if (item === 3) throw new Error('item 3 is refused');
        return `alone ${item}`;
      },
      {
        maxBatch: 64,
        maxInFlight: 1,
        keyOf: String,
        writeBatch: async (_tx, _outbox, items) => {
          if (items.includes(0)) await gate;
          batchesWritten.push([...items]);
          if (items.includes(3)) throw new Error('item 3 is refused');
          return items.map((item) => `together ${item}`);
        },
      },
    );
    const first = batches.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [1, 2, 3, 4].map((item) => batches.submit(item));
    open();
    const outcomes = await Promise.allSettled([first, ...rest]);
    expect(batchesWritten).toEqual([[0], [1, 2, 3, 4]]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'refused'))).toEqual([
      'together 0',
      'alone 1',
      'alone 2',
      'refused',
      'alone 4',
    ]);
  });

  // PGlite is one connection: the next batch is what waits when the connection comes free.
  it.skipIf(engine === 'postgres')(
    'puts every item that arrives while the connection is busy into one next batch',
    async () => {
      const { db } = server.sangdam.database;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const isHeld = new Promise<void>((resolve) => (held = resolve));
      const holder = db.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
        held();
        await released;
      });
      await isHeld;
      const batches = new GroupCommit<number, string>(server.sangdam.deps, transactionId, {
        maxBatch: 64,
        maxInFlight: 2,
        keyOf: String,
      });
      const ids: Promise<string>[] = [];
      // Each item in an event-loop turn of its own, all while the holder runs.
      for (let item = 0; item < 6; item++) {
        ids.push(batches.submit(item));
        await new Promise((resolve) => setImmediate(resolve));
      }
      release();
      await holder;
      // The first item's batch was made when it came; every later one joined the next.
      const written = await Promise.all(ids);
      expect(new Set(written).size).toBe(2);
      expect(new Set(written.slice(1)).size).toBe(1);
    },
  );
});
