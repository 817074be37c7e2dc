import type { ChannelSetting, Interaction, Offer } from '@sangdam/contracts';
import { loadsOf } from '@sangdam/store';
import { createPostgresDatabase, engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, refused, startTestServer, type TestServer } from '../test/test-server.ts';

const slow = 60_000;

/**
 * R-WU-2 on a server whose clock the test moves forward: the workers' sweep (every 200 ms in
 * tests) reads the same clock, so a deadline passes without waiting for it.
 */
describe.each(engines)('auto wrap-up on %s', (engine) => {
  let server: TestServer;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const pass = (seconds: number) => (offsetMs += seconds * 1000);
  afterEach(async () => {
    offsetMs = 0;
    await server.close();
  });

  async function start() {
    server = await startTestServer(engine, {}, { clock });
  }

  async function setWrapUp(
    wrapUpTimeoutSeconds: number | null,
    wrapUpCancelAllowed: boolean,
    channel = 'chat',
  ) {
    const { cookie, session } = await server.login('admin@sangdam.local');
    return server.request(`/api/v1/admin/channels/${channel}`, {
      method: 'PUT',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      json: { offerTimeoutSeconds: 30, wrapUpTimeoutSeconds, wrapUpCancelAllowed },
    });
  }

  /** agent1 accepts a new chat and ends it: the ack of `interaction:end`. */
  async function endedChat() {
    const { cookie, session } = await server.login('agent1@sangdam.local');
    const { client } = await server.agentSocket(cookie);
    ok(await client.send('presence:set', { state: 'available' }));
    const chat = await server.startChat();
    const offer = await client.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await client.send('offer:accept', { offerId: offer.id }));
    const { interaction } = ok(
      await client.send<{ interaction: Interaction }>('interaction:end', {
        interactionId: chat.interactionId,
      }),
    );
    return { client, cookie, userId: session.user.id, interaction };
  }

  const wrapUpsOf = (interactionId: string) =>
    server.sangdam.database.db
      .selectFrom('wrapUps as w')
      .leftJoin('wrapUpSelections as s', 's.wrapUpId', 'w.id')
      .leftJoin('wrapUpReasons as r', 'r.id', 's.reasonId')
      .select(['w.automatic', 'r.label', 'r.isDefault'])
      .where('w.interactionId', '=', interactionId)
      .execute();

  const chatLoad = async (userId: string) =>
    (await loadsOf(server.sangdam.database.db, [userId])).get(userId)?.chat ?? 0;

  it('lets an admin set the channel’s wrap-up timeout, within bounds, and turn it off', async () => {
    await start();
    expect((await setWrapUp(4, true)).status).toBe(400);
    expect((await setWrapUp(3601, true)).status).toBe(400);
    const saved = await setWrapUp(5, false);
    expect(((await saved.json()) as { channel: ChannelSetting }).channel).toMatchObject({
      channel: 'chat',
      wrapUpTimeoutSeconds: 5,
      wrapUpCancelAllowed: false,
    });
    const off = await setWrapUp(null, true);
    expect(((await off.json()) as { channel: ChannelSetting }).channel).toMatchObject({
      wrapUpTimeoutSeconds: null,
      wrapUpCancelAllowed: true,
    });
    // Without a timeout nothing counts down.
    const { interaction } = await endedChat();
    expect(interaction).toMatchObject({
      wrapUpPending: true,
      wrapUpDueAt: null,
      wrapUpCancellable: false,
    });
  });

  it(
    'records the default reason at the deadline with the desktop closed and frees the capacity',
    async () => {
      await start();
      await setWrapUp(5, false);
      const { client, cookie, userId, interaction } = await endedChat();
      expect(interaction.wrapUpPending).toBe(true);
      expect(Date.parse(interaction.wrapUpDueAt!) - Date.parse(interaction.endedAt!)).toBe(5000);
      expect(interaction.wrapUpCancellable).toBe(false);
      expect(await chatLoad(userId)).toBe(1);

      client.socket.disconnect();
      pass(4);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await wrapUpsOf(interaction.id)).toEqual([]);
      pass(2);
      await expect
        .poll(() => wrapUpsOf(interaction.id), { timeout: 10_000 })
        .toEqual([{ automatic: true, label: 'Resolved', isDefault: true }]);
      expect(await chatLoad(userId)).toBe(0);

      // The desktop opened again holds nothing.
      const { snapshot } = await server.agentSocket(cookie);
      expect(snapshot.interactions.map((i) => i.id)).not.toContain(interaction.id);
    },
    slow,
  );

  it('tells an open desktop: the interaction is updated with no wrap-up owed', async () => {
    await start();
    await setWrapUp(5, true);
    const { client, interaction } = await endedChat();
    pass(6);
    const updated = await client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === interaction.id && i.status === 'ended' && !i.wrapUpPending,
      10_000,
    );
    expect(updated.wrapUpDueAt).toBeNull();
  });

  it('lets the agent stop the countdown when the admin allows it', async () => {
    await start();
    await setWrapUp(5, true);
    const { client, interaction } = await endedChat();
    expect(interaction.wrapUpCancellable).toBe(true);
    const held = ok(
      await client.send<{ interaction: Interaction }>('wrapup:hold', {
        interactionId: interaction.id,
      }),
    ).interaction;
    expect(held).toMatchObject({ wrapUpPending: true, wrapUpDueAt: null });

    pass(6);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await wrapUpsOf(interaction.id)).toEqual([]);
    const reasons = await server.sangdam.database.db
      .selectFrom('wrapUpReasons')
      .select('id')
      .execute();
    const { interaction: done } = ok(
      await client.send<{ interaction: Interaction }>('wrapup:submit', {
        interactionId: interaction.id,
        reasonIds: [reasons[0]!.id],
      }),
    );
    expect(done.wrapUpPending).toBe(false);
  });

  it('refuses to stop the countdown when the admin does not allow it; the deadline stays', async () => {
    await start();
    await setWrapUp(5, false);
    const { client, interaction } = await endedChat();
    const ack = await client.send('wrapup:hold', { interactionId: interaction.id });
    expect(refused(ack)).toBe('WRAP_UP_HOLD_NOT_ALLOWED');
    pass(6);
    await expect
      .poll(() => wrapUpsOf(interaction.id), { timeout: 10_000 })
      .toEqual([{ automatic: true, label: 'Resolved', isDefault: true }]);
    // Nothing left to hold.
    const late = await client.send('wrapup:hold', { interactionId: interaction.id });
    expect(refused(late)).toBe('WRAP_UP_NOT_PENDING');
  });

  it('records nothing more for a wrap-up submitted before its deadline', async () => {
    await start();
    await setWrapUp(5, true);
    const { client, interaction } = await endedChat();
    const other = await server.sangdam.database.db
      .selectFrom('wrapUpReasons')
      .select('id')
      .where('isDefault', '=', false)
      .executeTakeFirstOrThrow();
    ok(
      await client.send('wrapup:submit', {
        interactionId: interaction.id,
        reasonIds: [other.id],
      }),
    );
    pass(6);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const rows = await wrapUpsOf(interaction.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ automatic: false, isDefault: false });
  });

  it('counts down for the agent who transferred a chat away', async () => {
    await start();
    await setWrapUp(5, false);
    const { cookie } = await server.login('agent1@sangdam.local');
    const { client } = await server.agentSocket(cookie);
    ok(await client.send('presence:set', { state: 'available' }));
    const chat = await server.startChat();
    const offer = await client.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await client.send('offer:accept', { offerId: offer.id }));
    const queue = await server.sangdam.database.db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'chat')
      .executeTakeFirstOrThrow();
    const idle = await server.sangdam.database.db
      .selectFrom('idleReasons')
      .select('id')
      .executeTakeFirstOrThrow();
    ok(await client.send('presence:set', { state: 'idle', idleReasonId: idle.id }));
    const { interaction } = ok(
      await client.send<{ interaction: Interaction }>('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'queue', queueId: queue.id },
      }),
    );
    expect(interaction).toMatchObject({ wrapUpPending: true, status: 'queued' });
    expect(interaction.wrapUpDueAt).not.toBeNull();
    pass(6);
    await expect
      .poll(() => wrapUpsOf(chat.interactionId), { timeout: 10_000 })
      .toEqual([{ automatic: true, label: 'Resolved', isDefault: true }]);
  });

  it('without a default reason leaves the wrap-up to the agent and stops the countdown', async () => {
    await start();
    await setWrapUp(5, false);
    const { client, interaction } = await endedChat();
    await server.sangdam.database.db
      .updateTable('wrapUpReasons')
      .set({ isDefault: false })
      .execute();
    pass(6);
    const updated = await client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === interaction.id && i.wrapUpPending && i.wrapUpDueAt === null,
      10_000,
    );
    expect(updated.status).toBe('ended');
    expect(await wrapUpsOf(interaction.id)).toEqual([]);
  });
});

describe('auto wrap-up across nodes on one PostgreSQL', () => {
  const nodes: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((node) => node.close()));
  });

  it(
    'is recorded by another node’s workers after the node that ended the chat is gone',
    async () => {
      const url = await createPostgresDatabase();
      // Node A serves the agent and runs no workers; it goes away before the deadline.
      const nodeA = await startTestServer('postgres', {
        DATABASE_URL: url,
        SANGDAM_ROLES: 'web,realtime',
      });
      nodes.push(nodeA);
      const admin = await nodeA.login('admin@sangdam.local');
      await nodeA.request('/api/v1/admin/channels/chat', {
        method: 'PUT',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.session.csrfToken },
        json: { offerTimeoutSeconds: 30, wrapUpTimeoutSeconds: 5, wrapUpCancelAllowed: false },
      });
      const agent = await nodeA.login('agent1@sangdam.local');
      const { client } = await nodeA.agentSocket(agent.cookie);
      // Routing runs on workers: node B routes the chat to the agent on node A.
      const nodeB = await startTestServer('postgres', { DATABASE_URL: url });
      nodes.push(nodeB);
      ok(await client.send('presence:set', { state: 'available' }));
      const chat = await nodeA.startChat();
      const offer = await client.next<Offer>(
        'offer:new',
        (o) => o.interactionId === chat.interactionId,
      );
      ok(await client.send('offer:accept', { offerId: offer.id }));
      // Node B stops before the chat ends, so nothing of node B's memory knows the deadline.
      await nodes.pop()!.close();
      ok(await client.send('interaction:end', { interactionId: chat.interactionId }));
      await nodes.shift()!.close();

      const nodeC = await startTestServer('postgres', { DATABASE_URL: url });
      nodes.push(nodeC);
      await expect
        .poll(
          () =>
            nodeC.sangdam.database.db
              .selectFrom('wrapUps')
              .select('automatic')
              .where('interactionId', '=', chat.interactionId)
              .execute(),
          { timeout: 15_000 },
        )
        .toEqual([{ automatic: true }]);
    },
    slow,
  );
});
