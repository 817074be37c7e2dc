import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import {
  appendEvent,
  appendEvents,
  findEventByClientMessageId,
  findInteraction,
  listEventsAfter,
  lockInteractionsForMessages,
} from './interactions.ts';
import { buildChat, buildQueue } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

const customerSays = (text: string, clientMessageId: string) =>
  ({
    type: 'message',
    author: { kind: 'customer', id: null, name: 'Customer' },
    text,
    clientMessageId,
  }) as const;

describe.each(engines)('interaction event log on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  it('numbers events 1, 2, 3 … per interaction, even when appended concurrently', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        open.db
          .transaction()
          .execute((tx) =>
            appendEvent(tx, chat.id, customerSays(`hello ${n}`, `client-${n}`), new Date()),
          ),
      ),
    );
    const events = await listEventsAfter(open.db, chat.id, 0, 100);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
  });

  it('returns only what came after a given seq, for reconnecting clients', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    for (const text of ['one', 'two', 'three']) {
      await appendEvent(open.db, chat.id, customerSays(text, `client-${text}`), new Date());
    }
    const missed = await listEventsAfter(open.db, chat.id, 1, 100);
    expect(missed.map((e) => e.body.text)).toEqual(['two', 'three']);
  });

  it('refuses to store one clientMessageId twice in an interaction', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    const event = customerSays('hi', 'client-1');
    await appendEvent(open.db, chat.id, event, new Date());
    await expect(
      open.db.transaction().execute((tx) => appendEvent(tx, chat.id, event, new Date())),
    ).rejects.toThrow();
    const stored = await findEventByClientMessageId(open.db, chat.id, 'client-1');
    expect(stored?.seq).toBe(1);
    expect(await listEventsAfter(open.db, chat.id, 0, 10)).toHaveLength(1);
  });

  it('leaves no gap in the numbering when a repeated clientMessageId is refused', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    const event = customerSays('hi', 'client-1');
    await appendEvent(open.db, chat.id, event, new Date());
    await expect(appendEvent(open.db, chat.id, event, new Date())).rejects.toThrow();
    const next = await appendEvent(open.db, chat.id, customerSays('hi', 'client-2'), new Date());
    expect(next.seq).toBe(2);
    expect((await findInteraction(open.db, chat.id))?.lastSeq).toBe(2);
  });

  it('numbers a batch of events for several interactions in one statement, each in input order', async () => {
    const queue = await buildQueue(open.db);
    const first = await buildChat(open.db, { queueId: queue.id });
    const second = await buildChat(open.db, { queueId: queue.id });
    await appendEvent(open.db, first.id, customerSays('earlier', 'client-0'), new Date());
    const at = new Date();
    const batch = [
      { interactionId: first.id, event: customerSays('a1', 'a1'), at },
      { interactionId: second.id, event: customerSays('b1', 'b1'), at },
      { interactionId: first.id, event: customerSays('a2', 'a2'), at },
      { interactionId: first.id, event: customerSays('a3', 'a3'), at },
      { interactionId: second.id, event: customerSays('b2', 'b2'), at },
    ];
    const stored = await appendEvents(open.db, batch);
    expect(stored.map((e) => [e.clientMessageId, e.seq])).toEqual([
      ['a1', 2],
      ['b1', 1],
      ['a2', 3],
      ['a3', 4],
      ['b2', 2],
    ]);
    const log = await listEventsAfter(open.db, first.id, 0, 10);
    expect(log.map((e) => [e.seq, e.body.text])).toEqual([
      [1, 'earlier'],
      [2, 'a1'],
      [3, 'a2'],
      [4, 'a3'],
    ]);
    expect((await findInteraction(open.db, first.id))?.lastSeq).toBe(4);
    expect((await findInteraction(open.db, second.id))?.lastSeq).toBe(2);
  });

  it("reads a batch's chats as findInteraction does, with their stored retries, and runs the batch's statements prepared on node-postgres", async () => {
    const queue = await buildQueue(open.db);
    const first = await buildChat(open.db, { queueId: queue.id });
    const second = await buildChat(open.db, { queueId: queue.id });
    await appendEvent(open.db, first.id, customerSays('earlier', 'client-0'), new Date());
    await appendEvent(open.db, first.id, customerSays('other', 'client-2'), new Date());
    const prepared = await open.db.transaction().execute(async (tx) => {
      const loaded = await lockInteractionsForMessages(tx, [
        { interactionId: second.id, clientMessageId: 'client-0' },
        { interactionId: first.id, clientMessageId: 'client-0' },
        { interactionId: first.id, clientMessageId: 'client-1' },
        { interactionId: second.id, clientMessageId: 'client-2' },
      ]);
      for (const chat of [first, second]) {
        expect(loaded.get(chat.id)?.interaction).toEqual(await findInteraction(tx, chat.id));
      }
      // Each chat is looked up with its own messages only: client-2 goes to the second chat.
      expect([...loaded.get(first.id)!.existing]).toEqual([['client-0', 1]]);
      expect(loaded.get(second.id)?.existing.size).toBe(0);
      await appendEvents(tx, [
        { interactionId: second.id, event: customerSays('b1', 'b1'), at: new Date() },
      ]);
      if (engine === 'pglite') return [];
      // Named statements live on the connection that ran them: this transaction's.
      const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements
        where name like 'sangdam_%' order by name`.execute(tx);
      return rows.map((row) => row.name);
    });
    if (engine === 'postgres') {
      expect(prepared).toEqual(['sangdam_append_events', 'sangdam_lock_for_messages']);
    }
  });

  it('stores nothing of a batch and uses no seq when one of its rows is refused', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    await appendEvent(open.db, chat.id, customerSays('hi', 'client-1'), new Date());
    const at = new Date();
    const batch = (poison: ReturnType<typeof customerSays>) => [
      { interactionId: chat.id, event: customerSays('fine', 'client-2'), at },
      { interactionId: chat.id, event: poison, at },
    ];
    // A clientMessageId stored before; a text jsonb cannot hold.
    for (const poison of [customerSays('again', 'client-1'), customerSays('a \u0000', 'c-3')]) {
      await expect(
        open.db.transaction().execute((tx) => appendEvents(tx, batch(poison))),
      ).rejects.toThrow();
    }
    expect((await listEventsAfter(open.db, chat.id, 0, 10)).map((e) => e.seq)).toEqual([1]);
    const [next] = await appendEvents(open.db, [
      { interactionId: chat.id, event: customerSays('fine', 'client-2'), at },
    ]);
    expect(next?.seq).toBe(2);
  });

  it('reads an interaction as last committed once its lock is granted', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const firstAppended = new Promise<void>((resolve) => (appended = resolve));
    const first = open.db.transaction().execute(async (tx) => {
      await findInteraction(tx, chat.id, { lock: true });
      await appendEvent(tx, chat.id, customerSays('first', 'client-first'), new Date());
      appended();
      await held;
    });
    await firstAppended;
    const second = open.db
      .transaction()
      .execute((tx) => findInteraction(tx, chat.id, { lock: true }));
    release();
    await first;
    expect((await second)?.lastSeq).toBe(1);
  });
});
