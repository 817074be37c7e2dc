import { routingLockKey } from '@sangdam/store';
import { changePresenceOf, connectDesktop } from '@sangdam/store/test/factories.ts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { signInPresence } from './services/interactions/presence.ts';

describe.each(engines)('an offer’s window on %s', (engine) => {
  const clock = { now: new Date() };
  let server: TestServer;
  beforeEach(async () => {
    // No router worker: the test decides when routing runs and when time passes.
    server = await startTestServer(
      engine,
      { SANGDAM_ROLES: 'web,realtime' },
      { clock: () => clock.now },
    );
  });
  afterEach(() => server.close());

  it('counts from when the offer is made, not from when its routing step began waiting', async () => {
    clock.now = new Date();
    const { deps, router, database } = server.sangdam;
    const agent = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'agent1@sangdam.local')
      .executeTakeFirstOrThrow();
    // The chat waits while the agent is Idle; the agent becomes Available without a routing
    // request, so the step below is the one that offers it.
    await signInPresence(deps, agent.id);
    await connectDesktop(database.db, agent.id, clock.now);
    const chat = await server.startChat();
    await router.idle();
    await changePresenceOf(database.db, agent.id, [{ to: 'available', cause: 'agent' }], clock.now);

    // Another node's routing step holds the routing lock while this node's step starts.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const otherNode = database.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${routingLockKey})`.execute(tx);
      holding();
      await released;
    });
    await held;
    router.request();
    if (engine === 'postgres') {
      // The step is queued on the advisory lock.
      await expect
        .poll(async () => {
          const { rows } = await sql<{ waiting: number }>`
            select count(*)::int as waiting from pg_locks
            where locktype = 'advisory' and not granted`.execute(database.db);
          return rows[0]!.waiting;
        })
        .toBe(1);
    } else {
      // One connection: the step's transaction waits for the other one to end.
      await sleep(200);
    }
    const waitedUntil = new Date(clock.now.getTime() + 4_000);
    clock.now = waitedUntil;
    release();
    await otherNode;
    await router.idle();

    const offer = await database.db
      .selectFrom('offers as o')
      .innerJoin('interactions as i', 'i.id', 'o.interactionId')
      .innerJoin('queues as q', 'q.id', 'i.queueId')
      .innerJoin('channelSettings as s', 's.channel', 'q.channel')
      .select([
        'o.offeredAt',
        'o.expiresAt',
        'q.offerTimeoutSeconds',
        's.offerTimeoutSeconds as channelTimeout',
      ])
      .where('o.interactionId', '=', chat.interactionId)
      .executeTakeFirstOrThrow();
    const timeoutMs = (offer.offerTimeoutSeconds ?? offer.channelTimeout) * 1000;
    expect(offer.offeredAt.getTime()).toBe(waitedUntil.getTime());
    expect(offer.expiresAt.getTime()).toBe(waitedUntil.getTime() + timeoutMs);
  });
});
