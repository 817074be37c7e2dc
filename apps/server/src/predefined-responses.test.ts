import {
  countCharacters,
  isStorableText,
  limits,
  type ConfigChanged,
  type PredefinedResponse,
} from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { naughtyStrings } from '../test/corpora.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Signs in and returns a caller that sends the session cookie and CSRF token. */
async function signedIn(server: TestServer, email: string) {
  const { cookie, session } = await server.login(email);
  const call = async <T = unknown>(method: Method, path: string, json?: unknown) => {
    const response = await server.request(`/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      ...(json !== undefined && { json }),
    });
    const body = response.status === 204 ? null : ((await response.json()) as T);
    return { status: response.status, body: body as T };
  };
  return Object.assign(call, { cookie });
}

const list = async (caller: Awaited<ReturnType<typeof signedIn>>) =>
  (await caller<{ responses: PredefinedResponse[] }>('GET', '/predefined-responses')).body
    .responses;

const body = { title: 'Shipping times', text: 'Orders ship within 24 hours.', category: 'Orders' };

describe.each(engines)('predefined chat responses over HTTP on %s', (engine) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let agent: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signedIn(server, 'admin@sangdam.local');
    agent = await signedIn(server, 'agent1@sangdam.local');
  }, 180_000);
  afterAll(() => server.close());
  beforeEach(async () => {
    await server.sangdam.deps.db.deleteFrom('predefinedResponses').execute();
  });

  it('lets an admin create, edit and delete a response, and agents read each state', async () => {
    const created = await admin<{ response: PredefinedResponse }>(
      'POST',
      '/admin/predefined-responses',
      body,
    );
    expect(created).toMatchObject({ status: 201, body: { response: body } });
    const { id } = created.body.response;
    expect(await list(agent)).toEqual([created.body.response]);

    const edited = { title: '배송 안내', text: '주문은 24시간 안에 발송됩니다 📦', category: null };
    const updated = await admin('PUT', `/admin/predefined-responses/${id}`, edited);
    expect(updated).toMatchObject({ status: 200, body: { response: { id, ...edited } } });
    expect(await list(agent)).toMatchObject([{ id, ...edited }]);

    expect((await admin('DELETE', `/admin/predefined-responses/${id}`)).status).toBe(204);
    expect(await list(agent)).toEqual([]);
    for (const method of ['PUT', 'DELETE'] as const) {
      expect(await admin(method, `/admin/predefined-responses/${id}`, body)).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
    }
  });

  it('lets only admins with the session check change responses', async () => {
    const supervisor = await signedIn(server, 'supervisor@sangdam.local');
    for (const caller of [agent, supervisor]) {
      expect(await caller('POST', '/admin/predefined-responses', body)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    }
    const noToken = await server.request('/api/v1/admin/predefined-responses', {
      method: 'POST',
      headers: { cookie: admin.cookie },
      json: body,
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ code: 'CSRF_FAILED' });
    expect(await list(admin)).toEqual([]);
  });

  it('shows the responses to signed-in people only, not to customers or anyone else', async () => {
    await admin('POST', '/admin/predefined-responses', body);
    const { customerToken } = await server.startChat();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${customerToken}` },
      { cookie: `sangdam_session=${customerToken}` },
    ];
    for (const headers of attempts) {
      const response = await server.request('/api/v1/predefined-responses', { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const supervisor = await signedIn(server, 'supervisor@sangdam.local');
    expect((await list(supervisor)).map((r) => r.title)).toEqual([body.title]);
  });

  it.each([
    ['an empty title', { ...body, title: '   ' }],
    ['a title over 80 characters', { ...body, title: 't'.repeat(81) }],
    ['a text over the chat message limit', { ...body, text: 'x'.repeat(1001) }],
    ['an empty text', { ...body, text: '\n  \n' }],
    ['a NUL character', { ...body, text: 'a\u0000b' }],
    ['half an emoji', { ...body, title: 'Hi \uD83D' }],
    ['a category over 40 characters', { ...body, category: 'c'.repeat(41) }],
    ['no category field', { title: body.title, text: body.text }],
    ['a number for text', { ...body, text: 42 }],
  ])('refuses %s with VALIDATION_FAILED and keeps nothing', async (_, bad) => {
    expect(await admin('POST', '/admin/predefined-responses', bad)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect(await list(admin)).toEqual([]);
  });

  it('counts the text limit in characters as people see them: 1000 emoji fit', async () => {
    const text = '🙂'.repeat(1000);
    const created = await admin('POST', '/admin/predefined-responses', { ...body, text });
    expect(created).toMatchObject({ status: 201, body: { response: { text } } });
  });

  it('refuses a title another response has, whatever its case, and an unknown id', async () => {
    await admin('POST', '/admin/predefined-responses', body);
    const other = await admin<{ response: PredefinedResponse }>(
      'POST',
      '/admin/predefined-responses',
      { ...body, title: 'Other' },
    );
    expect(
      await admin('POST', '/admin/predefined-responses', { ...body, title: ' SHIPPING times ' }),
    ).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN' } });
    expect(
      await admin('PUT', `/admin/predefined-responses/${other.body.response.id}`, body),
    ).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN' } });
    expect(await admin('PUT', '/admin/predefined-responses/not-an-id', body)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('refuses a response beyond the most an organisation keeps', async () => {
    await server.sangdam.deps.db
      .insertInto('predefinedResponses')
      .values(Array.from({ length: 500 }, (_, i) => ({ title: `Response ${i}`, text: 'x' })))
      .execute();
    expect(await admin('POST', '/admin/predefined-responses', body)).toMatchObject({
      status: 409,
      body: { code: 'RESPONSE_LIMIT_REACHED' },
    });
    const [first] = await list(agent);
    expect((await admin('DELETE', `/admin/predefined-responses/${first!.id}`)).status).toBe(204);
    expect((await admin('POST', '/admin/predefined-responses', body)).status).toBe(201);
  });

  it('tells open desktops after each change, and nothing after a refused one', async () => {
    const { client } = await server.agentSocket(agent.cookie);
    const changed = () =>
      client
        .pushes<ConfigChanged>('config:changed')
        .filter((c) => c.what === 'predefined-responses').length;
    const created = await admin<{ response: PredefinedResponse }>(
      'POST',
      '/admin/predefined-responses',
      body,
    );
    await client.next<ConfigChanged>('config:changed', (c) => c.what === 'predefined-responses');
    const { id } = created.body.response;
    await admin('PUT', `/admin/predefined-responses/${id}`, { ...body, text: 'Within a day.' });
    await admin('DELETE', `/admin/predefined-responses/${id}`);
    await expect.poll(changed).toBe(3);
    expect((await admin('DELETE', `/admin/predefined-responses/${id}`)).status).toBe(404);
    expect((await admin('POST', '/admin/predefined-responses', { ...body, text: '' })).status).toBe(
      400,
    );
    // A later push proves the refused writes had their chance to push and did not.
    await admin('POST', '/admin/predefined-responses', { ...body, title: 'Marker' });
    await expect.poll(changed).toBe(4);
  });
});

// Third-party strings (big-list-of-naughty-strings, shared/corpora): absent in a fresh clone.
const strings = naughtyStrings();

describe.skipIf(strings.length === 0)('naughty strings as predefined responses', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  }, 180_000);
  afterAll(() => server.close());

  it('keeps each as a response’s text as typed (trimmed), or refuses it with VALIDATION_FAILED', async () => {
    const admin = await signedIn(server, 'admin@sangdam.local');
    const created = await admin<{ response: PredefinedResponse }>(
      'POST',
      '/admin/predefined-responses',
      body,
    );
    const path = `/admin/predefined-responses/${created.body.response.id}`;
    for (const text of strings) {
      const trimmed = text.trim();
      const answer = await admin<{ response: PredefinedResponse }>('PUT', path, { ...body, text });
      const valid =
        trimmed !== '' &&
        isStorableText(text) &&
        countCharacters(trimmed) <= limits.chatMessageMaxLength;
      if (valid)
        expect(answer, JSON.stringify(text)).toMatchObject({
          status: 200,
          body: { response: { text: trimmed } },
        });
      else
        expect(answer, JSON.stringify(text)).toMatchObject({
          status: 400,
          body: { code: 'VALIDATION_FAILED' },
        });
    }
  }, 120_000);
});
