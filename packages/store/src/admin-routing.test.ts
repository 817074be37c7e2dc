import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './database.ts';
import { decideOffer, findOffer, offerNextContact } from './routing.ts';
import {
  buildChat,
  buildQueue,
  buildTeam,
  buildUser,
  makeAvailable as makeAvailableAt,
} from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';

/** The router applies what the admin sets: each queue's strategy and its effective timeout. */
describe.each(engines)('routing configured by the admin on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  const makeAvailable = (userId: string, at: Date) => makeAvailableAt(open.db, userId, at);

  const route = async (at: Date) => {
    const id = await open.db.transaction().execute((tx) => offerNextContact(tx, () => at));
    return id ? findOffer(open.db, id) : undefined;
  };

  /** Agent `recent` became Available first but was offered something since; `fresh` never was. */
  async function twoAgentsOn(strategy: 'longest-available' | 'circular') {
    // Set up on longest-available, where `recent` (Available since 08:00) surely goes first.
    const queue = await buildQueue(open.db);
    const [recent, fresh] = [await buildUser(open.db), await buildUser(open.db)];
    await buildTeam(open.db, { queueIds: [queue.id], userIds: [recent.id, fresh.id] });
    await makeAvailable(recent.id, new Date('2026-01-01T08:00:00Z'));
    await makeAvailable(fresh.id, new Date('2026-01-01T09:00:00Z'));
    await buildChat(open.db, { queueId: queue.id, enqueuedAt: new Date('2026-01-01T08:29:00Z') });
    const earlier = await route(new Date('2026-01-01T08:30:00Z'));
    expect(earlier?.userId).toBe(recent.id);
    await decideOffer(open.db, earlier!.id, 'withdrawn', new Date('2026-01-01T08:30:01Z'));
    await open.db
      .updateTable('interactions')
      .set({ status: 'ended' })
      .where('id', '=', earlier!.interactionId)
      .execute();
    await open.db
      .updateTable('queues')
      .set({ routingStrategy: strategy })
      .where('id', '=', queue.id)
      .execute();
    return { queue, recent, fresh };
  }

  it('offers a circular queue’s contact to the agent offered least recently', async () => {
    const { queue, recent, fresh } = await twoAgentsOn('circular');
    for (const minute of [0, 1, 2, 3]) {
      await buildChat(open.db, {
        queueId: queue.id,
        enqueuedAt: new Date(`2026-01-01T10:0${minute}:00Z`),
      });
    }
    const offered = [];
    for (const minute of [0, 1, 2, 3]) {
      offered.push((await route(new Date(`2026-01-01T11:0${minute}:00Z`)))?.userId);
    }
    expect(offered).toEqual([fresh.id, recent.id, fresh.id, recent.id]);
  });

  it('offers a longest-available queue’s contact to the agent waiting longest for work', async () => {
    const { queue, recent } = await twoAgentsOn('longest-available');
    await buildChat(open.db, { queueId: queue.id });
    // `recent` has waited since 08:30 (last offer), `fresh` only since 09:00.
    expect((await route(new Date('2026-01-01T11:00:00Z')))?.userId).toBe(recent.id);
  });

  it('lets an offer last the channel’s timeout unless the queue overrides it', async () => {
    await open.db
      .updateTable('channelSettings')
      .set({ offerTimeoutSeconds: 45 })
      .where('channel', '=', 'chat')
      .execute();
    const plain = await buildQueue(open.db);
    await open.db
      .updateTable('queues')
      .set({ offerTimeoutSeconds: null })
      .where('id', '=', plain.id)
      .execute();
    const overridden = await buildQueue(open.db, { offerTimeoutSeconds: 12 });
    const agent = await buildUser(open.db);
    await buildTeam(open.db, { queueIds: [plain.id, overridden.id], userIds: [agent.id] });
    await makeAvailable(agent.id, new Date('2026-01-02T09:00:00Z'));
    await buildChat(open.db, { queueId: plain.id, enqueuedAt: new Date('2026-01-02T09:00:01Z') });
    await buildChat(open.db, {
      queueId: overridden.id,
      enqueuedAt: new Date('2026-01-02T09:00:02Z'),
    });

    const at = new Date('2026-01-02T09:01:00Z');
    const timeouts = new Map<string, number>();
    for (let i = 0; i < 2; i++) {
      const offer = (await route(at))!;
      timeouts.set(offer.queueId, (offer.expiresAt.getTime() - offer.offeredAt.getTime()) / 1000);
    }
    expect(Object.fromEntries(timeouts)).toEqual({ [plain.id]: 45, [overridden.id]: 12 });
  });

  it('serves the queue of higher priority first', async () => {
    const [low, high] = [await buildQueue(open.db), await buildQueue(open.db)];
    await open.db.updateTable('queues').set({ priority: 5 }).where('id', '=', high.id).execute();
    const agent = await buildUser(open.db);
    await buildTeam(open.db, { queueIds: [low.id, high.id], userIds: [agent.id], chatCapacity: 1 });
    await makeAvailable(agent.id, new Date('2026-01-03T09:00:00Z'));
    await buildChat(open.db, { queueId: low.id, enqueuedAt: new Date('2026-01-03T09:00:01Z') });
    const urgent = await buildChat(open.db, {
      queueId: high.id,
      enqueuedAt: new Date('2026-01-03T09:00:02Z'),
    });
    expect((await route(new Date('2026-01-03T09:01:00Z')))?.interactionId).toBe(urgent.id);
  });
});
