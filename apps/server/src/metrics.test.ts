import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { connectDesktop } from '@sangdam/store/test/factories.ts';
import { setPresence, signInPresence } from './services/interactions/presence.ts';
import { loadConfig } from './config.ts';

describe('GET /metrics', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer('pglite');
  });
  afterEach(() => server.close());

  it('reports waiting contacts per queue and agents per state in Prometheus format', async () => {
    await server.login('agent1@sangdam.local');
    await server.startChat();
    const response = await server.request('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('sangdam_contacts{queue="Chat support",status="queued"} 1');
    expect(text).toContain('sangdam_agents{state="idle"} 1');
    expect(text).toContain('process_cpu_seconds_total');
  });
});

describe('GET /metrics on offer expiry', () => {
  const clock = { now: new Date() };
  let server: TestServer;
  beforeEach(async () => {
    // No router worker: the test runs the sweep when it has moved the clock.
    server = await startTestServer(
      'pglite',
      { SANGDAM_ROLES: 'web,realtime' },
      { clock: () => clock.now },
    );
  });
  afterEach(() => server.close());

  it('shows an offer left past its deadline, and how late the sweep expired it', async () => {
    clock.now = new Date();
    const { deps, router, database } = server.sangdam;
    const agent = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'agent1@sangdam.local')
      .executeTakeFirstOrThrow();
    await signInPresence(deps, agent.id);
    await connectDesktop(database.db, agent.id, clock.now);
    await setPresence(deps, agent.id, { state: 'available' });
    const chat = await server.startChat();
    await router.idle();
    const metric = async (name: string) => {
      const text = await (await server.request('/metrics')).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    expect(await metric('sangdam_offers_overdue_seconds')).toBe(0);

    // No sweep ran for 90 s past the deadline: the scrape shows it on any node.
    const { expiresAt } = await database.db
      .updateTable('offers')
      .set({ expiresAt: sql<Date>`now() - interval '90 seconds'` })
      .where('interactionId', '=', chat.interactionId)
      .returning('expiresAt')
      .executeTakeFirstOrThrow();
    expect(await metric('sangdam_offers_overdue_seconds')).toBeGreaterThanOrEqual(90);

    // The sweep runs 3 s after the deadline by its clock.
    clock.now = new Date(expiresAt.getTime() + 3_000);
    router.request();
    await router.idle();
    expect(await metric('sangdam_offers_overdue_seconds')).toBe(0);
    expect(await metric('sangdam_offer_expiry_lateness_seconds_count')).toBe(1);
    expect(await metric('sangdam_offer_expiry_lateness_seconds_sum')).toBe(3);
    const text = await (await server.request('/metrics')).text();
    expect(text).toContain('sangdam_offer_expiry_lateness_seconds_bucket{le="2"} 0');
    expect(text).toContain('sangdam_offer_expiry_lateness_seconds_bucket{le="5"} 1');
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const token = 'scrape-me-7f3c9a1e2b';
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer('pglite', { METRICS_TOKEN: token });
  });
  afterEach(() => server.close());

  it('answers a scraper that sends the token as a bearer token', async () => {
    const response = await server.request('/metrics', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('sangdam_agents');
  });

  it.each([
    ['no authorization', {}],
    ['a wrong token', { authorization: 'Bearer scrape-me-0000000000' }],
    ['the token without the Bearer scheme', { authorization: token }],
    ['a longer token that starts with it', { authorization: `Bearer ${token}x` }],
  ])('refuses %s with 401 and the error format, showing no metrics', async (_case, headers) => {
    const response = await server.request('/metrics', { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('UNAUTHENTICATED');
    expect(body.message).toContain('METRICS_TOKEN');
  });
});

describe('METRICS_TOKEN', () => {
  it('must be long enough to be a secret', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
