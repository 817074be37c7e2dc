import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionPresence } from '@sangdam/core';
import { loadPresence, savePresence } from './presence.ts';
import type { Executor, OpenDatabase } from './database.ts';
import { findDueOffers, findOffer, lockDueOffers, offerNextContact } from './routing.ts';
import {
  buildChat,
  buildQueue,
  buildTeam,
  buildUser,
  connectDesktop,
  makeAvailable as makeAvailableAt,
} from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

describe.each(engines)('routing on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  const makeAvailable = (userId: string, at: Date) => makeAvailableAt(open.db, userId, at);

  const route = () => open.db.transaction().execute((tx) => offerNextContact(tx, () => new Date()));

  it('offers the oldest waiting chat to the agent available the longest', async () => {
    const queue = await buildQueue(open.db);
    const [early, late] = [await buildUser(open.db), await buildUser(open.db)];
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [early.id, late.id] });
    await makeAvailable(late.id, new Date('2026-01-01T10:00:00Z'));
    await makeAvailable(early.id, new Date('2026-01-01T09:00:00Z'));
    const newer = await buildChat(open.db, {
      queueId: queue.id,
      enqueuedAt: new Date('2026-01-01T11:00:05Z'),
    });
    const older = await buildChat(open.db, {
      queueId: queue.id,
      enqueuedAt: new Date('2026-01-01T11:00:00Z'),
    });

    const offer = await findOffer(open.db, (await route())!);
    expect(offer).toMatchObject({ interactionId: older.id, userId: early.id, status: 'pending' });
    const second = await findOffer(open.db, (await route())!);
    expect(second).toMatchObject({ interactionId: newer.id, userId: late.id });
  });

  it('never offers beyond the chat capacity of the agent’s profile', async () => {
    const queue = await buildQueue(open.db);
    const agent = await buildUser(open.db);
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [agent.id], chatCapacity: 1 });
    await makeAvailable(agent.id, new Date());
    await buildChat(open.db, { queueId: queue.id });
    await buildChat(open.db, { queueId: queue.id });
    expect(await route()).not.toBeNull();
    expect(await route()).toBeNull();
  });

  it('does not offer to an agent who is not Available', async () => {
    const queue = await buildQueue(open.db);
    const agent = await buildUser(open.db);
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [agent.id] });
    await loadPresence(open.db, agent.id, new Date());
    await buildChat(open.db, { queueId: queue.id });
    expect(await route()).toBeNull();
  });

  it('rejects a presence write based on a stale version', async () => {
    const agent = await buildUser(open.db);
    const presence = await loadPresence(open.db, agent.id, new Date());
    const next = transitionPresence(presence, { to: 'idle', cause: 'sign-in' }, new Date());
    await savePresence(open.db, agent.id, presence.version, next, 'sign-in');
    await expect(
      savePresence(open.db, agent.id, presence.version, next, 'sign-in'),
    ).rejects.toThrow(expect.objectContaining({ code: 'STALE_VERSION' }));
  });
});

// Only PostgreSQL runs two transactions at once; PGlite serves one connection at a time.
describe('routing locks on postgres', () => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase('postgres');
  });
  afterAll(() => open.close());

  it('leaves a due offer whose chat another transaction holds to a later sweep', async () => {
    const queue = await buildQueue(open.db);
    const agent = await buildUser(open.db);
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [agent.id] });
    await connectDesktop(open.db, agent.id);
    let presence = await loadPresence(open.db, agent.id, new Date());
    for (const change of [
      { to: 'idle', cause: 'sign-in' },
      { to: 'available', cause: 'agent' },
    ] as const) {
      const next = transitionPresence(presence, change, new Date());
      await savePresence(open.db, agent.id, presence.version, next, change.cause);
      presence = next;
    }
    const chat = await buildChat(open.db, { queueId: queue.id });
    const offered = new Date();
    await open.db.transaction().execute((tx) => offerNextContact(tx, () => offered));
    const due = new Date(offered.getTime() + 60_000);
    const ids = async (tx: Executor) => (await findDueOffers(tx, due, 50)).map((o) => o.id);

    // A customer leaving holds the chat's row first and then wants its offer: expiry must not wait.
    await open.db.transaction().execute(async (leaving) => {
      await leaving
        .selectFrom('interactions')
        .select('id')
        .where('id', '=', chat.id)
        .forUpdate()
        .execute();
      const skipped = await open.db
        .transaction()
        .execute(async (tx) => lockDueOffers(tx, await ids(tx), due));
      expect(skipped).toEqual([]);
    });
    const taken = await open.db
      .transaction()
      .execute(async (tx) => lockDueOffers(tx, await ids(tx), due));
    expect(taken).toMatchObject([{ interactionId: chat.id, userId: agent.id }]);
  });
});
