import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.ts';

/** The CSP directives of an answer, by name. */
function policyOf(response: Response) {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

/** A Sangdam (no demo data) started once for the describe block that calls this. */
function useServer(env: Record<string, string> = {}) {
  const started = {} as { server: TestServer };
  beforeAll(async () => {
    started.server = await startTestServer('pglite', { DEMO_SEED: 'false', ...env });
  });
  afterAll(() => started.server?.close());
  return started;
}

describe('hardening headers, served over plain HTTP', () => {
  const started = useServer();

  it('let the page connect only to its own origin', async () => {
    const policy = policyOf(await started.server.request('/healthz'));
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('let images load from anywhere, for the remote images an agent shows in a mail', async () => {
    const policy = policyOf(await started.server.request('/healthz'));
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'https:', 'http:']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });

  it('neither upgrade requests to HTTPS nor pin HTTPS (a LAN address works)', async () => {
    const response = await started.server.request('/healthz');
    expect(policyOf(response).has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('ignore X-Forwarded-Proto when no proxy is trusted', async () => {
    const response = await started.server.request('/healthz', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(policyOf(response).has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('answer Socket.IO requests from any site (the widget) but never with credentials', async () => {
    const origin = 'https://attacker.example';
    const preflight = await started.server.request('/socket.io/?EIO=4&transport=polling', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    const handshake = await started.server.request('/socket.io/?EIO=4&transport=polling', {
      headers: { origin },
    });
    expect(handshake.status).toBe(200);
    for (const response of [preflight, handshake]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('hardening headers behind a trusted proxy', () => {
  const started = useServer({ TRUST_PROXY: 'true' });

  it('upgrade requests and pin HTTPS when the proxy terminated HTTPS', async () => {
    const response = await started.server.request('/healthz', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(policyOf(response).has('upgrade-insecure-requests')).toBe(true);
    expect(response.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });

  it('do neither when the proxy served plain HTTP', async () => {
    const response = await started.server.request('/healthz', {
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(policyOf(response).has('upgrade-insecure-requests')).toBe(false);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('hardening headers with an https PUBLIC_URL', () => {
  const started = useServer({ PUBLIC_URL: 'https://support.example.com' });

  it('upgrade requests and pin HTTPS on every answer', async () => {
    const response = await started.server.request('/healthz');
    expect(policyOf(response).has('upgrade-insecure-requests')).toBe(true);
    expect(response.headers.get('strict-transport-security')).toContain('max-age=31536000');
  });
});
