import type { Offer, SessionResponse } from '@sangdam/contracts';
import { agentPushes, namespaces } from '@sangdam/contracts';
import { createPostgresDatabase, engines } from '@sangdam/store/test/test-databases.ts';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterNode } from '../test/cluster-nodes.ts';
import { RecordingClient, startTestServer, type TestServer } from '../test/test-server.ts';

// Small periods: a desktop away longer than the grace is not offered contacts, and one away
// longer than the sign-out period leaves routing. Tests of the grace alone keep a long sign-out
// period, so a slow machine cannot turn their "offered again" into a sign-out.
const graceMs = 1500;
const timing = (signOutSeconds: number) => ({
  AGENT_DISCONNECT_GRACE_SECONDS: String(graceMs / 1000),
  AGENT_DISCONNECT_SIGN_OUT_SECONDS: String(signOutSeconds),
});

// Generous test timeouts: these tests wait out real periods on a machine that may be busy.
const slow = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lastStateLog(server: TestServer, userId: string) {
  return server.sangdam.database.db
    .selectFrom('agentStateLog')
    .select(['state', 'cause'])
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function offersFor(server: TestServer, interactionId: string) {
  return server.sangdam.database.db
    .selectFrom('offers')
    .select(['userId', 'status'])
    .where('interactionId', '=', interactionId)
    .execute();
}

describe.each(engines)('an agent whose desktop closed, on %s', (engine) => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  /** A server with the given sign-out period and agent1 Available on one desktop. */
  async function availableAgent(signOutSeconds = 60) {
    const started = await startTestServer(engine, timing(signOutSeconds));
    server = started;
    const { cookie, session } = await started.login('agent1@sangdam.local');
    const { client } = await started.agentSocket(cookie);
    await client.send('presence:set', { state: 'available' });
    return { server: started, cookie, userId: session.user.id, client };
  }

  it(
    'is still offered a contact during a reload shorter than the grace',
    async () => {
      const { server, cookie, client } = await availableAgent();
      client.socket.disconnect();
      const chat = await server.startChat();
      const { client: reloaded, snapshot } = await server.agentSocket(cookie);
      const offered =
        snapshot.offers.find((o) => o.interactionId === chat.interactionId) ??
        (await reloaded.next<Offer>('offer:new', (o) => o.interactionId === chat.interactionId));
      expect(offered.interactionId).toBe(chat.interactionId);
    },
    slow,
  );

  it(
    'is not offered contacts after the grace, and is offered again on reconnecting',
    async () => {
      const { server, cookie, userId, client } = await availableAgent();
      client.socket.disconnect();
      await sleep(graceMs + 1000);
      const chat = await server.startChat();
      // Several routing sweeps pass (every 200 ms here): nobody is offered the chat.
      await sleep(800);
      await server.sangdam.router.idle();
      expect(await offersFor(server, chat.interactionId)).toEqual([]);
      expect(await lastStateLog(server, userId)).toMatchObject({ state: 'available' });

      const { client: back } = await server.agentSocket(cookie);
      const offer = await back.next<Offer>(
        'offer:new',
        (o) => o.interactionId === chat.interactionId,
      );
      expect(offer.interactionId).toBe(chat.interactionId);
    },
    slow,
  );

  it(
    'is signed out of routing after the sign-out period, logged as disconnected',
    async () => {
      const { server, cookie, userId, client } = await availableAgent(5);
      client.socket.disconnect();
      await vi.waitFor(
        async () => {
          expect(await lastStateLog(server, userId)).toEqual({
            state: 'offline',
            cause: 'disconnected',
          });
        },
        { timeout: 30_000, interval: 200 },
      );
      // Coming back with the session still good signs them in again, Idle, free to work.
      const { client: back, snapshot } = await server.agentSocket(cookie);
      expect(snapshot.presence.state).toBe('idle');
      expect(await back.send('presence:set', { state: 'available' })).toMatchObject({ ok: true });
    },
    slow,
  );

  it(
    'keeps an agent whose other desktop is still open',
    async () => {
      const { server, cookie, userId, client } = await availableAgent(5);
      const { client: secondTab } = await server.agentSocket(cookie);
      client.socket.disconnect();
      await sleep(6000);
      expect(await lastStateLog(server, userId)).toMatchObject({ state: 'available' });
      const chat = await server.startChat();
      await secondTab.next<Offer>('offer:new', (o) => o.interactionId === chat.interactionId);
    },
    slow,
  );
});

/** A node killed outright runs no disconnect handler: its sightings must go stale on their own. */
describe('an agent whose node was killed', () => {
  let survivor: TestServer;
  let doomed: ClusterNode;
  afterEach(async () => {
    await doomed?.kill();
    await survivor?.close();
  });

  async function agentOnDoomedNode(signOutSeconds: number) {
    const url = await createPostgresDatabase();
    survivor = await startTestServer('postgres', { DATABASE_URL: url, ...timing(signOutSeconds) });
    doomed = await ClusterNode.start(1, url, {
      SANGDAM_ROLES: 'web,realtime',
      ...timing(signOutSeconds),
    });
    const response = await fetch(`${doomed.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent1@sangdam.local', password: 'sangdam-demo' }),
    });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const session = (await response.json()) as SessionResponse;
    const socket = io(`${doomed.url}${namespaces.agent}`, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      forceNew: true,
      reconnection: false,
    });
    const client = new RecordingClient(socket, Object.keys(agentPushes));
    await client.next('agent:snapshot');
    await client.send('presence:set', { state: 'available' });
    return { cookie, userId: session.user.id, client };
  }

  it(
    'is not offered contacts after the grace, and leaves routing after the sign-out period',
    async () => {
      const { userId, client } = await agentOnDoomedNode(5);
      const first = await survivor.startChat('First Customer', 'first@example.com');
      // While its node lives, the agent is offered contacts (and takes this one).
      const offer = await client.next<Offer>(
        'offer:new',
        (o) => o.interactionId === first.interactionId,
      );
      await client.send('offer:accept', { offerId: offer.id });

      await doomed.kill();
      client.socket.disconnect();
      await sleep(graceMs + 1500);
      const second = await survivor.startChat('Second Customer', 'second@example.com');
      await sleep(800);
      expect(await offersFor(survivor, second.interactionId)).toEqual([]);
      await vi.waitFor(
        async () => {
          expect(await lastStateLog(survivor, userId)).toEqual({
            state: 'offline',
            cause: 'disconnected',
          });
        },
        { timeout: 30_000, interval: 200 },
      );
    },
    slow,
  );

  it(
    'is offered again when their desktop reconnects to another node within the period',
    async () => {
      const { cookie, client } = await agentOnDoomedNode(60);
      await doomed.kill();
      client.socket.disconnect();
      await sleep(graceMs + 1500);
      const chat = await survivor.startChat();
      await sleep(800);
      expect(await offersFor(survivor, chat.interactionId)).toEqual([]);
      const { client: moved } = await survivor.agentSocket(cookie);
      const offer = await moved.next<Offer>(
        'offer:new',
        (o) => o.interactionId === chat.interactionId,
      );
      expect(offer.interactionId).toBe(chat.interactionId);
    },
    slow,
  );
});
