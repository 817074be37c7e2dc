import type { InteractionEvent, Offer } from '@sangdam/contracts';
import { namespaces } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';

/** Connects to the agent namespace with a chosen Origin; resolves with the refusal, if any. */
function handshakeWithOrigin(url: string, origin: string, cookie = '') {
  const socket = io(`${url}${namespaces.agent}`, {
    transports: ['websocket'],
    extraHeaders: { origin, cookie },
    forceNew: true,
    reconnection: false,
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error.message);
    });
  });
}

async function activeChat(server: TestServer) {
  const { cookie } = await server.login('agent1@sangdam.local');
  const { client: agent } = await server.agentSocket(cookie);
  ok(await agent.send('presence:set', { state: 'available' }));
  const chat = await server.startChat();
  const offer = await agent.next<Offer>('offer:new', (o) => o.interactionId === chat.interactionId);
  ok(await agent.send('offer:accept', { offerId: offer.id }));
  const customer = await server.customerSocket(chat.customerToken);
  return { agent, customer, chat, cookie };
}

describe.each(engines)('hostile input on %s', (engine) => {
  let server: TestServer;
  let now = Date.now();
  beforeEach(async () => {
    now = Date.now();
    server = await startTestServer(engine, {}, { clock: () => new Date(now) });
  });
  afterEach(() => server.close());

  it('refuses malformed Origin headers on the agent socket and keeps serving', async () => {
    const { cookie } = await server.login('agent1@sangdam.local');
    for (const origin of ['null', 'evil', 'http://', 'http://[::1', 'https://evil.example']) {
      expect(await handshakeWithOrigin(server.url, origin, cookie)).toBe('FORBIDDEN');
    }
    expect((await server.request('/healthz')).status).toBe(200);
    expect(await handshakeWithOrigin(server.url, server.url, cookie)).toBe('connected');
  });

  it('answers NUL, broken emoji and out-of-range numbers with VALIDATION_FAILED, storing nothing', async () => {
    const { agent, customer, chat } = await activeChat(server);
    const before = ok(
      await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }),
    );
    const refusals = await Promise.all([
      customer.send('message:send', { clientMessageId: randomUUID(), text: 'a\u0000b' }),
      customer.send('message:send', { clientMessageId: `${randomUUID()}\u0000`, text: 'hi' }),
      customer.send('message:send', { clientMessageId: randomUUID(), text: 'half \uD83D emoji' }),
      agent.send('message:send', {
        interactionId: chat.interactionId,
        clientMessageId: randomUUID(),
        text: '\uDC4D',
      }),
      customer.send('interaction:sync', { afterSeq: 2 ** 31 }),
      agent.send('interaction:sync', { interactionId: chat.interactionId, afterSeq: 2 ** 53 }),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    const nulName = await server.request('/api/v1/chats', {
      method: 'POST',
      json: { name: 'Hana\u0000', email: 'hana@example.com' },
    });
    expect(nulName.status).toBe(400);
    expect(await nulName.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const after = ok(
      await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }),
    );
    expect(after.events).toEqual(before.events);
  });

  it('ends an agent socket with its session: a command after expiry is refused', async () => {
    const { cookie } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const disconnected = new Promise((resolve) => agent.socket.once('disconnect', resolve));

    now += 13 * 3600_000; // past the default 12-hour session
    expect(await agent.send('presence:set', { state: 'idle' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    await disconnected;
    const rest = await server.request('/api/v1/session', { headers: { cookie } });
    expect(rest.status).toBe(401);
  });
});

describe.each(engines)('sign-in limits on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    // One minute's window throughout (the counts start afresh each minute).
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
    server = await startTestServer(
      engine,
      { LOGIN_RATE_LIMIT_PER_MINUTE: '3', LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: '6' },
      { clock: () => minute },
    );
  });
  afterEach(() => server.close());

  it('locks out one account from one address, not its colleagues behind the same address', async () => {
    const attempt = (email: string, password: string) =>
      server.request('/api/v1/session', { method: 'POST', json: { email, password } });
    for (let i = 0; i < 3; i++) {
      expect((await attempt('agent1@sangdam.local', 'wrong')).status).toBe(401);
    }
    const locked = await attempt('AGENT1@sangdam.local', 'sangdam-demo');
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await attempt('agent2@sangdam.local', 'sangdam-demo')).status).toBe(200);
    // The looser ceiling per address still bounds guessing across accounts.
    expect((await attempt('agent3@sangdam.local', 'wrong')).status).toBe(401);
    expect((await attempt('supervisor@sangdam.local', 'wrong')).status).toBe(429);
  });
});

describe('configuration and error format', () => {
  it('refuses a session lifetime it cannot serve, at start', () => {
    expect(() => loadConfig({ SESSION_TTL_HOURS: '0.333' })).toThrow(/SESSION_TTL_HOURS/);
    expect(loadConfig({ SESSION_TTL_HOURS: '8' }).SESSION_TTL_HOURS).toBe(8);
  });

  it('refuses a Redis fan-out that is not a redis:// address or has no PostgreSQL to share', () => {
    const postgres = 'postgres://sangdam@db.example/sangdam';
    expect(() => loadConfig({ DATABASE_URL: postgres, REDIS_URL: 'http://cache:6379' })).toThrow(
      /REDIS_URL must start with redis:\/\//,
    );
    expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(
      /REDIS_URL: needs DATABASE_URL/,
    );
    expect(loadConfig({ DATABASE_URL: postgres, REDIS_URL: 'redis://cache:6379' }).REDIS_URL).toBe(
      'redis://cache:6379',
    );
  });

  it('answers Fastify’s own errors in the one { code, message } format', async () => {
    const server = await startTestServer('pglite');
    try {
      const responses = await Promise.all([
        server.request('/api/v1/nowhere'),
        server.request('/api/v1/chats', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
        }),
        server.request(`/api/v1/entry-points/${'a'.repeat(10_000)}`),
        server.request('/api/v1/chats', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'hello',
        }),
        server.request('/api/v1/chats', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"name":',
        }),
      ]);
      for (const response of responses) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const body = (await response.json()) as Record<string, unknown>;
        expect(Object.keys(body).sort()).toEqual(['code', 'message']);
      }
    } finally {
      await server.close();
    }
  });
});
