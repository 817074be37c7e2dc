import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
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
