import type { OpenDatabase } from '@sangdam/store';
import { buildChat, buildQueue } from '@sangdam/store/test/factories.ts';
import { createTestDatabase, engines } from '@sangdam/store/test/test-databases.ts';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Push } from './services/outbox.ts';
import { SupervisorFeed } from './services/supervisor/feed.ts';

describe.each(engines)('the supervisor feed on %s', (engine) => {
  let open: OpenDatabase;
  let sent: Push[];
  let feed: SupervisorFeed;
  beforeEach(async () => {
    open = await createTestDatabase(engine);
    sent = [];
    feed = new SupervisorFeed({
      db: open.db,
      clock: () => new Date(),
      log: pino({ level: 'silent' }),
      publisher: {
        publish: async (pushes) => void sent.push(...pushes),
        publishWith: async (_tx, pushes) => () => void sent.push(...pushes),
      },
    });
  });
  afterEach(async () => {
    await feed.stop();
    await open.close();
  });

  it('sends one snapshot for a burst of requests, none when nothing changed, one on change', async () => {
    const queue = await buildQueue(open.db);
    feed.request();
    feed.request();
    feed.request();
    await feed.idle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'supervisors', event: 'supervisor:snapshot' });

    feed.request();
    await feed.idle();
    expect(sent).toHaveLength(1);

    await buildChat(open.db, { queueId: queue.id });
    feed.request();
    await feed.idle();
    expect(sent).toHaveLength(2);
    const last = sent[1];
    if (last?.event !== 'supervisor:snapshot') throw new Error('expected a snapshot');
    expect(last.payload.queues.find((row) => row.queue.id === queue.id)).toMatchObject({
      waiting: 1,
    });
  });

  it('sends nothing once stopped', async () => {
    await feed.stop();
    feed.request();
    await feed.idle();
    expect(sent).toEqual([]);
  });
});
