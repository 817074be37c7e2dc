import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';

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
