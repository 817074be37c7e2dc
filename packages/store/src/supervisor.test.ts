import type { PresenceChange } from '@sangdam/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import { insertCustomer, insertInteraction, insertParticipant } from './interactions.ts';
import { insertReasons } from './organisation.ts';
import { decideOffer, offerNextContact } from './routing.ts';
import { listAgentActivity, listQueueActivity, listQueuePositions } from './supervisor.ts';
import {
  buildChat,
  buildQueue,
  buildTeam,
  buildUser,
  changePresenceOf,
  makeAvailable as makeAvailableAt,
} from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

describe.each(engines)('supervisor aggregates on %s', (engine) => {
  let open: OpenDatabase;
  beforeEach(async () => {
    open = await createTestDatabase(engine);
  });
  afterEach(() => open.close());

  const changeState = (userId: string, changes: PresenceChange[], at: Date) =>
    changePresenceOf(open.db, userId, changes, at);
  const makeAvailable = (userId: string, at = new Date()) => makeAvailableAt(open.db, userId, at);

  /** Offers the next contact at `at` and, when asked, accepts it then. */
  async function offerNext(at: Date, accept: boolean) {
    const offerId = await open.db.transaction().execute((tx) => offerNextContact(tx, () => at));
    const offer = await open.db
      .selectFrom('offers')
      .selectAll()
      .where('id', '=', offerId!)
      .executeTakeFirstOrThrow();
    if (accept) {
      await decideOffer(open.db, offer.id, 'accepted', at);
      await open.db
        .updateTable('interactions')
        .set({ status: 'active' })
        .where('id', '=', offer.interactionId)
        .execute();
      await insertParticipant(open.db, {
        interactionId: offer.interactionId,
        userId: offer.userId,
        role: 'primary',
        joinedAt: at,
      });
    }
    return offer;
  }

  it('counts waiting, offered and active contacts per queue with the oldest wait', async () => {
    const queue = await buildQueue(open.db);
    const quiet = await buildQueue(open.db);
    const agent = await buildUser(open.db);
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [agent.id] });
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: new Date('2026-03-01T09:00:00Z') });
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: new Date('2026-03-01T09:01:00Z') });
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: new Date('2026-03-01T09:02:00Z') });
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: new Date('2026-03-01T09:03:00Z') });
    await makeAvailable(agent.id);
    await offerNext(new Date('2026-03-01T09:05:00Z'), true);
    await offerNext(new Date('2026-03-01T09:05:00Z'), false);

    const rows = await listQueueActivity(open.db);
    expect(rows.find((row) => row.id === queue.id)).toEqual({
      id: queue.id,
      name: queue.name,
      channel: 'chat',
      waiting: 2,
      oldestWaitingSince: new Date('2026-03-01T09:02:00Z'),
      offered: 1,
      active: 1,
      withAssistant: 0,
    });
    expect(rows.find((row) => row.id === quiet.id)).toMatchObject({
      waiting: 0,
      oldestWaitingSince: null,
      offered: 0,
      active: 0,
    });
  });

  it('lists agents with state, idle reason, open contacts per channel and pending offers', async () => {
    const chatQueue = await buildQueue(open.db);
    const emailQueue = await buildQueue(open.db, { channel: 'email' });
    const busy = await buildUser(open.db, { displayName: 'Busy Agent' });
    const resting = await buildUser(open.db, { displayName: 'Resting Agent' });
    const neverSeen = await buildUser(open.db, { displayName: 'New Agent' });
    const admin = await buildUser(open.db, { role: 'admin' });
    await buildTeam(open.db, { queueIds: [chatQueue.id, emailQueue.id], userIds: [busy.id] });
    const [lunch] = await insertReasons(open.db, 'idleReasons', [{ label: `Lunch ${busy.id}` }]);
    const restingSince = new Date('2026-03-01T12:00:00Z');
    await changeState(
      resting.id,
      [
        { to: 'idle', cause: 'sign-in' },
        { to: 'idle', idleReasonId: lunch!.id, cause: 'agent' },
      ],
      restingSince,
    );
    const availableSince = new Date('2026-03-01T08:00:00Z');
    await makeAvailable(busy.id, availableSince);
    await buildChat(open.db, { queueId: chatQueue.id });
    await offerNext(new Date(), true);
    const customer = await insertCustomer(open.db, { name: 'Mail Writer', email: 'm@x.test' });
    await insertInteraction(open.db, {
      channel: 'email',
      customerId: customer.id,
      queueId: emailQueue.id,
      entryPointId: null,
      customerTokenHash: null,
      enqueuedAt: new Date(),
    });
    await offerNext(new Date(), false);

    const rows = await listAgentActivity(open.db);
    expect(rows.find((row) => row.id === busy.id)).toEqual({
      id: busy.id,
      displayName: 'Busy Agent',
      state: 'available',
      idleReasonId: null,
      idleReasonLabel: null,
      since: availableSince,
      openChat: 1,
      openEmail: 0,
      pendingOffers: 1,
    });
    expect(rows.find((row) => row.id === resting.id)).toMatchObject({
      state: 'idle',
      idleReasonId: lunch!.id,
      idleReasonLabel: `Lunch ${busy.id}`,
      since: restingSince,
      openChat: 0,
      pendingOffers: 0,
    });
    expect(rows.find((row) => row.id === neverSeen.id)).toMatchObject({
      state: 'offline',
      since: null,
    });
    expect(rows.some((row) => row.id === admin.id)).toBe(false);
  });

  it('numbers waiting contacts in routing order and bases the estimate on the last hour', async () => {
    const queue = await buildQueue(open.db);
    const [first, second] = [await buildUser(open.db), await buildUser(open.db)];
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [first.id, second.id] });
    const now = new Date('2026-03-02T10:00:00Z');
    const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

    // Served contacts: waited 2 min and 4 min within the hour; one from two hours ago waited 30.
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: minutesBefore(150) });
    await makeAvailable(first.id, minutesBefore(200));
    await offerNext(minutesBefore(120), true);
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: minutesBefore(12) });
    await offerNext(minutesBefore(10), true);
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: minutesBefore(9) });
    await offerNext(minutesBefore(5), true);

    const waitingSecond = await buildChat(open.db, { queueId: queue.id, enqueuedAt: now });
    const waitingFirst = await buildChat(open.db, {
      queueId: queue.id,
      enqueuedAt: minutesBefore(1),
    });
    await changeState(first.id, [{ to: 'offline', cause: 'sign-out' }], now);
    await makeAvailable(second.id, now);

    const rows = await listQueuePositions(open.db, now, { queueId: queue.id });
    expect(rows).toEqual([
      {
        interactionId: waitingFirst.id,
        queueId: queue.id,
        position: 1,
        medianSecondsToOffer: 180,
        availableAgents: 1,
      },
      {
        interactionId: waitingSecond.id,
        queueId: queue.id,
        position: 2,
        medianSecondsToOffer: 180,
        availableAgents: 1,
      },
    ]);
    const all = await listQueuePositions(open.db, now);
    expect(all.filter((row) => row.queueId === queue.id)).toEqual(rows);
  });

  it('leaves waiting emails out of the positions', async () => {
    const emailQueue = await buildQueue(open.db, { channel: 'email' });
    const customer = await insertCustomer(open.db, { name: 'Mail Writer', email: 'm@x.test' });
    await insertInteraction(open.db, {
      channel: 'email',
      customerId: customer.id,
      queueId: emailQueue.id,
      entryPointId: null,
      customerTokenHash: null,
      enqueuedAt: new Date(),
    });
    expect(await listQueuePositions(open.db, new Date(), { queueId: emailQueue.id })).toEqual([]);
  });

  it('has no basis for an estimate when nothing was accepted within the window', async () => {
    const queue = await buildQueue(open.db);
    const waiting = await buildChat(open.db, { queueId: queue.id });
    const rows = await listQueuePositions(open.db, new Date(), { queueId: queue.id });
    expect(rows).toEqual([
      {
        interactionId: waiting.id,
        queueId: queue.id,
        position: 1,
        medianSecondsToOffer: null,
        availableAgents: 0,
      },
    ]);
  });
});
