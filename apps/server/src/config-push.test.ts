import type { ConfigChanged, ReferenceData } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, useTwoNodes } from '../test/test-server.ts';

/** An admin's write over HTTP with the session cookie and CSRF token. */
async function adminWriter(server: TestServer) {
  const { cookie, session } = await server.login('admin@sangdam.local');
  return async (method: 'POST' | 'PUT' | 'DELETE', path: string, json?: unknown) => {
    const response = await server.request(`/api/v1/admin${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      ...(json !== undefined && { json }),
    });
    expect(response.status).toBeLessThan(300);
    return response.status === 204 ? null : await response.json();
  };
}

describe.each(engines)(
  'configuration changes reach signed-in desktops at once, on %s',
  (engine) => {
    let server: TestServer;
    // Starting the embedded database can take long on a busy machine.
    beforeEach(async () => {
      server = await startTestServer(engine);
    }, 180_000);
    afterEach(() => server.close());

    it('tells every desktop what changed after each admin write, and the refetch shows it', async () => {
      const { cookie } = await server.login('agent1@sangdam.local');
      const { client: agent } = await server.agentSocket(cookie);
      const write = await adminWriter(server);

      await write('POST', '/reasons/wrap-up', {
        label: 'Refund issued',
        isDefault: false,
        sortOrder: 5,
      });
      expect(await agent.next<ConfigChanged>('config:changed')).toEqual({
        what: 'wrap-up-reasons',
      });
      const reference = (await (
        await server.request('/api/v1/reference', { headers: { cookie } })
      ).json()) as ReferenceData;
      expect(reference.wrapUpReasons.map((r) => r.label)).toContain('Refund issued');

      await write('POST', '/reasons/idle', { label: 'Coaching', isDefault: false, sortOrder: 5 });
      await agent.next<ConfigChanged>('config:changed', (c) => c.what === 'idle-reasons');
      await write('PUT', '/channels/chat', { offerTimeoutSeconds: 45 });
      await agent.next<ConfigChanged>('config:changed', (c) => c.what === 'channels');
      await write('POST', '/queues', {
        name: 'VIP chat',
        channel: 'chat',
        priority: 3,
        routingStrategy: 'circular',
        offerTimeoutSeconds: null,
      });
      await agent.next<ConfigChanged>('config:changed', (c) => c.what === 'queues');
      await write('POST', '/profiles', {
        name: 'Chat heavy',
        mode: 'blended',
        chatCapacity: 4,
        emailCapacity: 1,
        isDefault: false,
      });
      await agent.next<ConfigChanged>('config:changed', (c) => c.what === 'profiles');
    });

    it('pushes nothing when the write is refused', async () => {
      const { cookie } = await server.login('agent1@sangdam.local');
      const { client: agent } = await server.agentSocket(cookie);
      const { cookie: adminCookie, session } = await server.login('admin@sangdam.local');
      const refused = await server.request('/api/v1/admin/reasons/wrap-up', {
        method: 'POST',
        headers: { cookie: adminCookie, 'x-csrf-token': session.csrfToken },
        // The demo already has this label: the write is refused and rolled back.
        json: { label: 'Resolved', isDefault: false, sortOrder: 1 },
      });
      expect(refused.status).toBe(409);
      const write = await adminWriter(server);
      await write('POST', '/reasons/idle', { label: 'Coaching', isDefault: false, sortOrder: 5 });
      await agent.next<ConfigChanged>('config:changed', (c) => c.what === 'idle-reasons');
      expect(agent.pushes<ConfigChanged>('config:changed')).toEqual([{ what: 'idle-reasons' }]);
    });
  },
);

describe('configuration changes across two nodes on one PostgreSQL', () => {
  const nodes = useTwoNodes();

  it('reaches a desktop connected to the node that did not make the change', async () => {
    const { cookie } = await nodes.b.login('agent2@sangdam.local');
    const { client: agent } = await nodes.b.agentSocket(cookie);
    const write = await adminWriter(nodes.a);
    await write('POST', '/reasons/wrap-up', { label: 'Escalated', isDefault: false, sortOrder: 6 });
    expect(await agent.next<ConfigChanged>('config:changed')).toEqual({ what: 'wrap-up-reasons' });
  });
});
