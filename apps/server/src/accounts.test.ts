import type {
  AdminProfile,
  AdminUser,
  CreatedUser,
  ErrorBody,
  Interaction,
  InteractionEvent,
  Offer,
} from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer, useTwoNodes } from '../test/test-server.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Signs in and returns a caller of /api/v1 with the session cookie and CSRF token. */
async function signIn(server: TestServer, email: string, password?: string) {
  const { cookie, session } = await server.login(email, password);
  const call = async <T = unknown>(method: Method, path: string, json?: unknown) => {
    const response = await server.request(`/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      ...(json !== undefined && { json }),
    });
    const body = response.status === 204 ? null : ((await response.json()) as T);
    return { status: response.status, body: body as T };
  };
  return { cookie, session, call };
}

async function tryLogin(server: TestServer, email: string, password: string) {
  const response = await server.request('/api/v1/session', {
    method: 'POST',
    json: { email, password },
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

async function userNamed(
  admin: Awaited<ReturnType<typeof signIn>>,
  email: string,
): Promise<AdminUser> {
  const { body } = await admin.call<{ users: AdminUser[] }>('GET', '/admin/users');
  return body.users.find((user) => user.email === email)!;
}

const newAgent = {
  email: 'Sora.Choi@Example.com',
  displayName: 'Sora Choi',
  role: 'agent',
  profileId: null,
  teamIds: [],
} as const;

describe.each(engines)('accounts on %s', (engine) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signIn>>;
  beforeEach(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server, 'admin@sangdam.local');
  });
  afterEach(() => server.close());

  it('lets an admin create a user who then signs in with the temporary password', async () => {
    const created = await admin.call<CreatedUser>('POST', '/admin/users', newAgent);
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      email: 'sora.choi@example.com',
      displayName: 'Sora Choi',
      role: 'agent',
      active: true,
      presence: { state: 'offline' },
    });
    expect(created.body.temporaryPassword).toMatch(/^[A-Za-z2-9]{16}$/);

    const sora = await signIn(server, 'sora.choi@example.com', created.body.temporaryPassword);
    expect(sora.session.user).toMatchObject({ displayName: 'Sora Choi', role: 'agent' });
    expect((await sora.call('GET', '/admin/users')).status).toBe(403);

    expect(
      await admin.call('POST', '/admin/users', { ...newAgent, email: 'SORA.choi@example.com' }),
    ).toMatchObject({ status: 409, body: { code: 'EMAIL_TAKEN' } });
    expect(
      await admin.call('POST', '/admin/users', { ...newAgent, email: 'not an email' }),
    ).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const agent = await signIn(server, 'agent1@sangdam.local');
    expect(await agent.call('POST', '/admin/users', newAgent)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });

  it('edits a user and resets their password, ending their sessions', async () => {
    const { body } = await admin.call<CreatedUser>('POST', '/admin/users', newAgent);
    const id = body.user.id;
    const edited = await admin.call<{ user: AdminUser }>('PUT', `/admin/users/${id}`, {
      ...newAgent,
      email: 'sora@example.com',
      displayName: 'Sora C.',
      role: 'supervisor',
    });
    expect(edited.body.user).toMatchObject({ email: 'sora@example.com', role: 'supervisor' });
    const sora = await signIn(server, 'sora@example.com', body.temporaryPassword);

    const reset = await admin.call<{ temporaryPassword: string }>(
      'POST',
      `/admin/users/${id}/password-reset`,
    );
    expect(reset.body.temporaryPassword).not.toBe(body.temporaryPassword);
    expect((await sora.call('GET', '/session')).status).toBe(401);
    expect((await tryLogin(server, 'sora@example.com', body.temporaryPassword)).status).toBe(401);
    await signIn(server, 'sora@example.com', reset.body.temporaryPassword);

    const self = admin.session.user.id;
    expect(
      await admin.call('PUT', `/admin/users/${self}`, {
        ...newAgent,
        email: 'admin@sangdam.local',
        role: 'agent',
      }),
    ).toMatchObject({ status: 409, body: { code: 'OWN_ACCOUNT' } });
    expect(await admin.call('POST', `/admin/users/${self}/deactivate`)).toMatchObject({
      status: 409,
      body: { code: 'OWN_ACCOUNT' },
    });
  });

  it('changes one’s own password, ending the other sessions and keeping this one', async () => {
    const here = await signIn(server, 'agent2@sangdam.local');
    const elsewhere = await signIn(server, 'agent2@sangdam.local');
    const { client: otherDesktop } = await server.agentSocket(elsewhere.cookie);
    const closed = new Promise((resolve) => otherDesktop.socket.once('disconnect', resolve));

    expect(
      await here.call('PUT', '/session/password', {
        currentPassword: 'wrong-password',
        newPassword: 'a-new-long-password',
      }),
    ).toMatchObject({ status: 400, body: { code: 'WRONG_PASSWORD' } });
    expect(
      await here.call('PUT', '/session/password', {
        currentPassword: 'sangdam-demo',
        newPassword: 'short',
      }),
    ).toMatchObject({ status: 400, body: { code: 'PASSWORD_TOO_SHORT' } });
    expect((await elsewhere.call('GET', '/session')).status).toBe(200);

    const changed = await here.call('PUT', '/session/password', {
      currentPassword: 'sangdam-demo',
      newPassword: 'a-new-long-password',
    });
    expect(changed.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    expect((await elsewhere.call('GET', '/session')).status).toBe(401);
    expect((await here.call('GET', '/session')).status).toBe(200);
    expect((await tryLogin(server, 'agent2@sangdam.local', 'sangdam-demo')).status).toBe(401);
    await signIn(server, 'agent2@sangdam.local', 'a-new-long-password');
  });

  it('deactivates a user: sessions end, sockets close, sign-in is refused until reactivated', async () => {
    const agent = await signIn(server, 'agent3@sangdam.local');
    const { client: desktop } = await server.agentSocket(agent.cookie);
    ok(await desktop.send('presence:set', { state: 'available' }));
    const closed = new Promise((resolve) => desktop.socket.once('disconnect', resolve));
    const id = agent.session.user.id;

    const deactivated = await admin.call<{ user: AdminUser }>(
      'POST',
      `/admin/users/${id}/deactivate`,
    );
    expect(deactivated.body.user).toMatchObject({ active: false, presence: { state: 'offline' } });
    expect(await closed).toBe('io server disconnect');
    expect((await agent.call('GET', '/session')).status).toBe(401);
    expect(await tryLogin(server, 'agent3@sangdam.local', 'sangdam-demo')).toMatchObject({
      status: 403,
      body: { code: 'ACCOUNT_DEACTIVATED' },
    });
    // A wrong password says nothing about the account.
    expect(await tryLogin(server, 'agent3@sangdam.local', 'wrong-password')).toMatchObject({
      status: 401,
      body: { code: 'INVALID_CREDENTIALS' },
    });

    const reactivated = await admin.call<{ user: AdminUser }>(
      'POST',
      `/admin/users/${id}/reactivate`,
    );
    expect(reactivated.body.user.active).toBe(true);
    const back = await signIn(server, 'agent3@sangdam.local');
    expect(back.session.presence.state).toBe('idle');
  });

  it('refuses sign-out while the agent holds open contacts, naming them', async () => {
    const agent = await signIn(server, 'agent1@sangdam.local');
    const { client: desktop } = await server.agentSocket(agent.cookie);
    ok(await desktop.send('presence:set', { state: 'available' }));
    const chat = await server.startChat('Hana Customer', 'hana@example.com');
    const offer = await desktop.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await desktop.send('offer:accept', { offerId: offer.id }));

    const refused = await agent.call('DELETE', '/session');
    expect(refused).toMatchObject({
      status: 409,
      body: {
        code: 'OPEN_CONTACTS',
        contacts: [
          { interactionId: chat.interactionId, channel: 'chat', customerName: 'Hana Customer' },
        ],
      },
    });
    expect((await agent.call('GET', '/session')).status).toBe(200);

    // Ended (the wrap-up can wait for the next sign-in): signing out is allowed.
    ok(
      await desktop.send<{ interaction: Interaction }>('interaction:end', {
        interactionId: chat.interactionId,
      }),
    );
    expect((await agent.call('DELETE', '/session')).status).toBe(204);
  });

  it('hands a deactivated agent’s chat back to the head of its queue and tells the customer', async () => {
    // Agent 2 takes one chat at a time, so the first offer it gets shows who is at the head.
    const profile = await admin.call<{ profile: AdminProfile }>('POST', '/admin/profiles', {
      name: 'One chat',
      mode: 'blended',
      chatCapacity: 1,
      emailCapacity: 0,
      isDefault: false,
    });
    const agent2 = await userNamed(admin, 'agent2@sangdam.local');
    await admin.call('PUT', `/admin/users/${agent2.id}/routing`, {
      profileId: profile.body.profile.id,
      teamIds: agent2.teamIds,
    });

    const agent1 = await signIn(server, 'agent1@sangdam.local');
    const { client: desktop1 } = await server.agentSocket(agent1.cookie);
    ok(await desktop1.send('presence:set', { state: 'available' }));
    // Waiting longer than the chat handed back, but offered to agent 1 and left pending.
    const earlier = await server.startChat('Early Customer', 'early@example.com');
    await desktop1.next<Offer>('offer:new', (o) => o.interactionId === earlier.interactionId);
    const chat = await server.startChat('Hana Customer', 'hana@example.com');
    const offer = await desktop1.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await desktop1.send('offer:accept', { offerId: offer.id }));
    const customer = await server.customerSocket(chat.customerToken);

    await admin.call('POST', `/admin/users/${agent1.session.user.id}/deactivate`);

    const left = await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'agent.left',
    );
    expect(left).toMatchObject({ agent: { id: null, name: 'Jiwoo Kim' } });
    const notice = await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'queued',
    );
    expect(notice).toMatchObject({ reason: 'agent-removed', queue: { name: 'Chat support' } });

    const agent2Session = await signIn(server, 'agent2@sangdam.local');
    const { client: desktop2 } = await server.agentSocket(agent2Session.cookie);
    ok(await desktop2.send('presence:set', { state: 'available' }));
    const first = await desktop2.next<Offer>('offer:new');
    expect(first.interactionId).toBe(chat.interactionId);
    ok(await desktop2.send('offer:accept', { offerId: first.id }));
    const joined = await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'agent.joined' && e.agent.name === 'Alex Park',
    );
    expect(joined.seq).toBeGreaterThan(notice.seq);

    // The pending offer was withdrawn: the earlier chat waits for the next free agent.
    const agent3 = await signIn(server, 'agent3@sangdam.local');
    const { client: desktop3 } = await server.agentSocket(agent3.cookie);
    ok(await desktop3.send('presence:set', { state: 'available' }));
    const next = await desktop3.next<Offer>('offer:new');
    expect(next.interactionId).toBe(earlier.interactionId);
  });

  it('lets a reactivated agent take back a chat they were taken off', async () => {
    const agent = await signIn(server, 'agent1@sangdam.local');
    const { client: desktop } = await server.agentSocket(agent.cookie);
    ok(await desktop.send('presence:set', { state: 'available' }));
    const chat = await server.startChat();
    const first = await desktop.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await desktop.send('offer:accept', { offerId: first.id }));

    const id = agent.session.user.id;
    await admin.call('POST', `/admin/users/${id}/deactivate`);
    await admin.call('POST', `/admin/users/${id}/reactivate`);
    const back = await signIn(server, 'agent1@sangdam.local');
    const { client: again } = await server.agentSocket(back.cookie);
    ok(await again.send('presence:set', { state: 'available' }));
    const offer = await again.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    const accepted = ok(
      await again.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    expect(accepted.interaction).toMatchObject({ status: 'active', wrapUpPending: false });
  });

  it('closes the wrap-up a deactivated agent owed, as a system action', async () => {
    const agent = await signIn(server, 'agent1@sangdam.local');
    const { client: desktop } = await server.agentSocket(agent.cookie);
    ok(await desktop.send('presence:set', { state: 'available' }));
    const chat = await server.startChat();
    const offer = await desktop.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await desktop.send('offer:accept', { offerId: offer.id }));
    ok(await desktop.send('interaction:end', { interactionId: chat.interactionId }));

    const id = agent.session.user.id;
    await admin.call('POST', `/admin/users/${id}/deactivate`);
    await admin.call('POST', `/admin/users/${id}/reactivate`);
    const back = await signIn(server, 'agent1@sangdam.local');
    const { snapshot } = await server.agentSocket(back.cookie);
    expect(snapshot.interactions).toEqual([]);
  });
});

describe('deactivation across two nodes on one PostgreSQL', () => {
  const nodes = useTwoNodes();

  it('closes the user’s socket on the other node', async () => {
    const agent = await signIn(nodes.b, 'agent2@sangdam.local');
    const { client: desktop } = await nodes.b.agentSocket(agent.cookie);
    const closed = new Promise((resolve) => desktop.socket.once('disconnect', resolve));
    const admin = await signIn(nodes.a, 'admin@sangdam.local');
    await admin.call('POST', `/admin/users/${agent.session.user.id}/deactivate`);
    expect(await closed).toBe('io server disconnect');
    expect((await agent.call('GET', '/session')).status).toBe(401);
  });
});
