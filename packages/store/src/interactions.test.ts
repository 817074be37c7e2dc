import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import { appendEvent, findEventByClientMessageId, listEventsAfter } from './interactions.ts';
import { buildChat, buildQueue } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

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
        open.db.transaction().execute((tx) =>
          appendEvent(tx, {
            interactionId: chat.id,
            type: 'message',
            body: { text: `hello ${n}` },
            at: new Date(),
          }),
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
      await appendEvent(open.db, {
        interactionId: chat.id,
        type: 'message',
        body: { text },
        at: new Date(),
      });
    }
    const missed = await listEventsAfter(open.db, chat.id, 1, 100);
    expect(missed.map((e) => e.body.text)).toEqual(['two', 'three']);
  });

  it('refuses to store one clientMessageId twice in an interaction', async () => {
    const queue = await buildQueue(open.db);
    const chat = await buildChat(open.db, { queueId: queue.id });
    const event = {
      interactionId: chat.id,
      type: 'message',
      body: { text: 'hi' },
      clientMessageId: 'client-1',
      at: new Date(),
    };
    await appendEvent(open.db, event);
    await expect(open.db.transaction().execute((tx) => appendEvent(tx, event))).rejects.toThrow();
    const stored = await findEventByClientMessageId(open.db, chat.id, 'client-1');
    expect(stored?.seq).toBe(1);
    expect(await listEventsAfter(open.db, chat.id, 0, 10)).toHaveLength(1);
  });
});
