import type { ChannelSetting, Interaction, InteractionEvent, Offer } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startTestServer,
  type RecordingClient,
  type TestServer,
  useTwoNodes,
} from '../test/test-server.ts';

type Presence = { interactionId: string; connected: boolean };

// A short grace makes the heartbeat and the workers' sweep run every 200 ms.
const fast = { AGENT_DISCONNECT_GRACE_SECONDS: '0.8', AGENT_DISCONNECT_SIGN_OUT_SECONDS: '600' };
const slow = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** agent1 Available on `agentNode`; a chat started and accepted. */
async function acceptedChat(agentNode: TestServer, chatNode: TestServer = agentNode) {
  const { cookie } = await agentNode.login('agent1@sangdam.local');
  const { client: agent } = await agentNode.agentSocket(cookie);
  await agent.send('presence:set', { state: 'available' });
  const chat = await chatNode.startChat();
  const offer = await agent.next<Offer>('offer:new', (o) => o.interactionId === chat.interactionId);
  const ack = (await agent.send('offer:accept', { offerId: offer.id })) as {
    interaction: Interaction;
  };
  return { agent, chat, accepted: ack.interaction };
}

const presenceOf = (agent: RecordingClient, interactionId: string) =>
  agent
    .pushes<Presence>('customer:presence')
    .filter((p) => p.interactionId === interactionId)
    .map((p) => p.connected);

describe.each(engines)('the agent sees whether the customer is connected, on %s', (engine) => {
  let server: TestServer;
  afterEach(() => server.close());

  it(
    'hears each change of the customer’s widget count between none and some, once',
    async () => {
      server = await startTestServer(engine, fast);
      const { agent, chat, accepted } = await acceptedChat(server);
      expect(accepted.customerConnected).toBe(false);

      const firstTab = await server.customerSocket(chat.customerToken);
      await agent.next<Presence>('customer:presence', (p) => p.connected);
      const secondTab = await server.customerSocket(chat.customerToken);
      firstTab.socket.disconnect();
      // One tab still open: nothing to tell.
      await sleep(600);
      expect(presenceOf(agent, chat.interactionId)).toEqual([true]);
      secondTab.socket.disconnect();
      await agent.next<Presence>('customer:presence', (p) => !p.connected);
      await server.customerSocket(chat.customerToken);
      await expect.poll(() => presenceOf(agent, chat.interactionId)).toEqual([true, false, true]);

      // A desktop that reconnects reads it from its snapshot.
      const { cookie } = await server.login('agent1@sangdam.local');
      const { snapshot } = await server.agentSocket(cookie);
      expect(snapshot.interactions.find((i) => i.id === chat.interactionId)).toMatchObject({
        customerConnected: true,
      });
    },
    slow,
  );

  it(
    'ends a chat whose customer has been away for the channel’s timeout; the agent owes a wrap-up',
    async () => {
      server = await startTestServer(engine, fast);
      const { cookie, session } = await server.login('admin@sangdam.local');
      const put = (json: unknown) =>
        server.request('/api/v1/admin/channels/chat', {
          method: 'PUT',
          headers: { cookie, 'x-csrf-token': session.csrfToken },
          json,
        });
      const refused = await put({ offerTimeoutSeconds: 30, customerAwayTimeoutSeconds: 10 });
      expect(refused.status).toBe(400);
      const saved = await put({ offerTimeoutSeconds: 30, customerAwayTimeoutSeconds: 120 });
      expect(((await saved.json()) as { channel: ChannelSetting }).channel).toMatchObject({
        channel: 'chat',
        offerTimeoutSeconds: 30,
        customerAwayTimeoutSeconds: 120,
        wrapUpTimeoutSeconds: null,
        wrapUpCancelAllowed: true,
      });

      const { agent, chat: gone } = await acceptedChat(server);
      const goneTab = await server.customerSocket(gone.customerToken);
      const stayed = await server.startChat('Staying Customer', 'staying@example.com');
      const stayingTab = await server.customerSocket(stayed.customerToken);
      goneTab.socket.disconnect();
      // Two seconds away is too long now (set in the database: the admin's minimum is a minute).
      await server.sangdam.database.db
        .updateTable('channelSettings')
        .set({ customerAwayTimeoutSeconds: 2 })
        .where('channel', '=', 'chat')
        .execute();

      const ended = await agent.next<InteractionEvent>(
        'interaction:event',
        (e) => e.interactionId === gone.interactionId && e.type === 'ended',
        20_000,
      );
      expect(ended).toMatchObject({ by: 'system', reason: 'customer-away' });
      await agent.next<Interaction>(
        'interaction:updated',
        (i) => i.id === gone.interactionId && i.status === 'ended' && i.wrapUpPending,
      );
      // The customer is told when they come back.
      const back = await server.customerSocket(gone.customerToken);
      const history = (await back.send('interaction:sync', { afterSeq: 0 })) as {
        events: InteractionEvent[];
      };
      expect(history.events.at(-1)).toMatchObject({ type: 'ended', reason: 'customer-away' });

      // The customer whose widget stayed open keeps their chat.
      await sleep(2500);
      const status = await server.sangdam.database.db
        .selectFrom('interactions')
        .select('status')
        .where('id', '=', stayed.interactionId)
        .executeTakeFirstOrThrow();
      expect(status.status).not.toBe('ended');
      expect(stayingTab.socket.connected).toBe(true);
    },
    slow,
  );
});

async function countingNodes(node: TestServer, interactionId: string): Promise<number> {
  const rows = await node.sangdam.database.db
    .selectFrom('liveConnections')
    .select('nodeId')
    .where('kind', '=', 'customer')
    .where('subjectId', '=', interactionId)
    .where('sockets', '>', 0)
    .execute();
  return rows.length;
}

describe('the customer’s connection across two nodes on one PostgreSQL', () => {
  // A longer grace than `fast`: a heartbeat late under load must not read as a dead node.
  const nodes = useTwoNodes({ ...fast, AGENT_DISCONNECT_GRACE_SECONDS: '3' });

  it(
    'reaches the agent on one node when the customer connects to and leaves the other',
    async () => {
      const { agent, chat } = await acceptedChat(nodes.a);
      const onA = await nodes.a.customerSocket(chat.customerToken);
      await agent.next<Presence>('customer:presence', (p) => p.connected);
      const onB = await nodes.b.customerSocket(chat.customerToken);
      // Node B records its socket after the handshake; leave A once both nodes count one.
      await expect
        .poll(() => countingNodes(nodes.a, chat.interactionId), { timeout: 10_000 })
        .toBe(2);
      onA.socket.disconnect();
      await sleep(600);
      expect(presenceOf(agent, chat.interactionId)).toEqual([true]);
      onB.socket.disconnect();
      await agent.next<Presence>('customer:presence', (p) => !p.connected);
      expect(presenceOf(agent, chat.interactionId)).toEqual([true, false]);
    },
    slow,
  );
});
