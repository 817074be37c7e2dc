import type {
  AdminProfile,
  AdminQueue,
  AdminReason,
  AdminTeam,
  AdminUser,
  ChannelSetting,
  Offer,
  Presence,
} from '@sangdam/contracts';
import { attachmentLimits, seedAttachmentExtensions } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Signs in and returns a caller that sends the session cookie and CSRF token. */
async function signedIn(server: TestServer, email: string) {
  const { cookie, session } = await server.login(email);
  return async <T = unknown>(method: Method, path: string, json?: unknown) => {
    const response = await server.request(`/api/v1/admin${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      ...(json !== undefined && { json }),
    });
    const body = response.status === 204 ? null : ((await response.json()) as T);
    return { status: response.status, body: body as T };
  };
}

const queueBody = {
  name: 'VIP chat',
  channel: 'chat',
  priority: 3,
  routingStrategy: 'circular',
  offerTimeoutSeconds: null,
} as const;

describe.each(engines)('admin configuration over HTTP on %s', (engine) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signedIn(server, 'admin@sangdam.local');
  });
  afterAll(() => server.close());

  it('lets supervisors read, and only admins with the CSRF token change anything', async () => {
    const supervisor = await signedIn(server, 'supervisor@sangdam.local');
    const read = await supervisor<{ queues: AdminQueue[] }>('GET', '/queues');
    expect(read.status).toBe(200);
    expect(read.body.queues.map((q) => q.name)).toEqual(['Chat support', 'Email support']);
    expect(await supervisor('POST', '/queues', queueBody)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    const agent = await signedIn(server, 'agent3@sangdam.local');
    expect((await agent('GET', '/teams')).status).toBe(403);
    const { cookie } = await server.login('admin@sangdam.local');
    const noToken = await server.request('/api/v1/admin/queues', {
      method: 'POST',
      headers: { cookie },
      json: queueBody,
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ code: 'CSRF_FAILED' });
  });

  it('creates, edits and deletes a queue, refusing taken names and bad timeouts', async () => {
    const created = await admin<{ queue: AdminQueue }>('POST', '/queues', queueBody);
    expect(created.status).toBe(201);
    expect(created.body.queue).toMatchObject({
      ...queueBody,
      effectiveOfferTimeoutSeconds: 30,
      teamIds: [],
    });
    const id = created.body.queue.id;
    expect(await admin('POST', '/queues', { ...queueBody, name: ' vip CHAT ' })).toMatchObject({
      status: 409,
      body: { code: 'NAME_TAKEN', message: 'A queue named “vip CHAT” already exists' },
    });
    const tooShort = await admin<{ code: string; message: string }>('PUT', `/queues/${id}`, {
      ...queueBody,
      offerTimeoutSeconds: 2,
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.code).toBe('VALIDATION_FAILED');
    expect(tooShort.body.message).toBe('offerTimeoutSeconds: must be a whole number from 5 to 600');

    const edited = await admin<{ queue: AdminQueue }>('PUT', `/queues/${id}`, {
      ...queueBody,
      channel: 'email',
      offerTimeoutSeconds: 15,
    });
    expect(edited.body.queue).toMatchObject({
      channel: 'email',
      offerTimeoutSeconds: 15,
      effectiveOfferTimeoutSeconds: 15,
    });
    expect((await admin('DELETE', `/queues/${id}`)).status).toBe(204);
    expect(await admin('DELETE', `/queues/${id}`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    const { body } = await admin<{ queues: AdminQueue[] }>('GET', '/queues');
    const chatSupport = body.queues.find((q) => q.name === 'Chat support')!;
    expect(await admin('DELETE', `/queues/${chatSupport.id}`)).toMatchObject({
      status: 409,
      body: { code: 'IN_USE' },
    });
  });

  it('keeps one default profile, checks capacities and refuses to delete one in use', async () => {
    const profile = {
      name: 'Email specialists',
      mode: 'exclusive',
      chatCapacity: 0,
      emailCapacity: 1,
      isDefault: false,
    };
    const tooMany = await admin<{ code: string; message: string }>('POST', '/profiles', {
      ...profile,
      chatCapacity: 6,
    });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(tooMany.body.message).toBe('chatCapacity: must be a whole number from 0 to 5');
    expect((await admin('POST', '/profiles', { ...profile, emailCapacity: 0 })).body).toMatchObject(
      { code: 'VALIDATION_FAILED' },
    );

    const created = await admin<{ profile: AdminProfile }>('POST', '/profiles', profile);
    expect(created.status).toBe(201);
    const { body } = await admin<{ profiles: AdminProfile[] }>('GET', '/profiles');
    const standard = body.profiles.find((p) => p.isDefault)!;
    expect(standard).toMatchObject({ name: 'Default multimedia profile', teamCount: 1 });
    expect(await admin('DELETE', `/profiles/${standard.id}`)).toMatchObject({
      status: 409,
      body: { code: 'DEFAULT_REQUIRED' },
    });
    expect(
      await admin('PUT', `/profiles/${standard.id}`, { ...standard, isDefault: false }),
    ).toMatchObject({ status: 409, body: { code: 'DEFAULT_REQUIRED' } });

    const madeDefault = await admin<{ profile: AdminProfile }>(
      'PUT',
      `/profiles/${created.body.profile.id}`,
      { ...profile, isDefault: true },
    );
    expect(madeDefault.body.profile.isDefault).toBe(true);
    const after = await admin<{ profiles: AdminProfile[] }>('GET', '/profiles');
    expect(after.body.profiles.filter((p) => p.isDefault).map((p) => p.name)).toEqual([
      'Email specialists',
    ]);
    expect(await admin('DELETE', `/profiles/${standard.id}`)).toMatchObject({
      status: 409,
      body: { code: 'IN_USE' },
    });
    await admin('PUT', `/profiles/${standard.id}`, { ...standard, isDefault: true });
  });

  it('moves the default reason and refuses to delete the default one', async () => {
    const created = await admin<{ reason: AdminReason }>('POST', '/reasons/wrap-up', {
      label: 'Refund issued',
      isDefault: true,
      sortOrder: 0,
    });
    expect(created.status).toBe(201);
    const { body } = await admin<{ reasons: AdminReason[] }>('GET', '/reasons/wrap-up');
    expect(body.reasons.filter((r) => r.isDefault).map((r) => r.label)).toEqual(['Refund issued']);
    expect(await admin('DELETE', `/reasons/wrap-up/${created.body.reason.id}`)).toMatchObject({
      status: 409,
      body: { code: 'DEFAULT_REQUIRED' },
    });
    expect(
      await admin('POST', '/reasons/idle', { label: 'lunch', isDefault: false, sortOrder: 9 }),
    ).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN' } });
    expect((await admin('GET', '/reasons/lunch')).status).toBe(400);
  });

  it('routes the next chat by the new teams and channel timeout, without a restart', async () => {
    const channel = await admin<{ channel: ChannelSetting }>('PUT', '/channels/chat', {
      offerTimeoutSeconds: 40,
    });
    // Left out of the body, the customer-away timeout keeps its value.
    expect(channel.body.channel).toEqual({
      channel: 'chat',
      offerTimeoutSeconds: 40,
      customerAwayTimeoutSeconds: 600,
      wrapUpTimeoutSeconds: null,
      wrapUpCancelAllowed: true,
      // Left out too, the attachment policy stays the seed's (SPEC §6, R-CH-5).
      attachments: {
        enabled: true,
        extensions: [...seedAttachmentExtensions],
        maxFiles: 10,
        totalLimitBytes: attachmentLimits.chatTotalLimitBytes,
      },
    });
    const users = (await admin<{ users: AdminUser[] }>('GET', '/users')).body.users;
    const byEmail = (email: string) => users.find((u) => u.email === email)!;
    const [one, two] = [byEmail('agent1@sangdam.local'), byEmail('agent2@sangdam.local')];

    const moved = await admin<{ user: AdminUser }>('PUT', `/users/${one.id}/routing`, {
      profileId: null,
      teamIds: [],
    });
    expect(moved.body.user.teamIds).toEqual([]);
    expect(
      await admin('PUT', `/users/${one.id}/routing`, {
        profileId: null,
        teamIds: ['00000000-0000-4000-8000-000000000000'],
      }),
    ).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    const sockets = [];
    for (const email of ['agent1@sangdam.local', 'agent2@sangdam.local']) {
      const { cookie } = await server.login(email);
      const { client } = await server.agentSocket(cookie);
      const ack = await client.send<{ presence: Presence }>('presence:set', { state: 'available' });
      expect(ack.ok).toBe(true);
      sockets.push(client);
    }
    const chat = await server.startChat('Routed Customer', 'routed@example.com');
    const offer = await sockets[1]!.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    expect((Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)) / 1000).toBe(40);
    expect(sockets[0]!.pushes('offer:new')).toEqual([]);

    const teams = (await admin<{ teams: AdminTeam[] }>('GET', '/teams')).body.teams;
    expect(teams[0]!.memberIds).not.toContain(one.id);
    expect(teams[0]!.memberIds).toContain(two.id);
  });
});
