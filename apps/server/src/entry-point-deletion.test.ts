import type { AdminEntryPoint, EntryPointBody, InteractionEvent } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function signedIn(server: TestServer, email: string) {
  const { cookie, session } = await server.login(email);
  return async <T = unknown>(method: Method, path: string, json?: unknown) => {
    const response = await server.request(`/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      ...(json !== undefined && { json }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

/**
 * Issue 10: an admin deletes a chat entry point. Chats that came through it keep their history
 * (only their link to it goes: `entry_point_id` set null); one still with its assistant goes to
 * the queue at its next message; a widget that still embeds its id gets ENTRY_POINT_NOT_FOUND.
 */
describe.each(engines)('deleting a chat entry point on %s', (engine) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let chatQueueId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signedIn(server, 'admin@sangdam.local');
    const queue = await server.sangdam.deps.db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'chat')
      .executeTakeFirstOrThrow();
    chatQueueId = queue.id;
  }, 180_000);
  afterAll(() => server.close());

  const body = (): EntryPointBody => ({
    name: `Spring sale ${randomUUID().slice(0, 8)}`,
    queueId: chatQueueId,
    nameField: 'required',
    emailField: 'optional',
    greeting: 'Hello from the sale page',
    answers: [{ label: 'Opening hours', keywords: ['hours'], text: '9–18 KST' }],
    handOver: { offerAgent: true, afterMisses: 3 },
  });

  const startAt = (entryPointId: string) =>
    server.request('/api/v1/chats', {
      method: 'POST',
      json: { entryPointId, name: 'Hana', email: 'hana@example.com' },
    });

  const rowOf = (id: string) =>
    server.sangdam.deps.db
      .selectFrom('interactions')
      .select(['status', 'entryPointId'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('keeps the history of its chats, hands a chat with its assistant to the queue, and tells a widget', async () => {
    const created = await admin<{ entryPoint: AdminEntryPoint }>(
      'POST',
      '/admin/entry-points',
      body(),
    );
    expect(created.status).toBe(201);
    const { id } = created.body.entryPoint;
    const started = await startAt(id);
    expect(started.status).toBe(201);
    const chat = (await started.json()) as { interactionId: string; customerToken: string };
    const customer = await server.customerSocket(chat.customerToken);
    const say = (text: string) =>
      customer.send('message:send', { clientMessageId: randomUUID(), text });
    ok(await say('What are your opening hours?'));
    expect(await rowOf(chat.interactionId)).toEqual({ status: 'assistant', entryPointId: id });

    expect(await admin('DELETE', `/admin/entry-points/${id}`)).toEqual({ status: 204, body: null });

    // Its chat keeps everything of its own; only the link to the deleted configuration goes.
    expect(await rowOf(chat.interactionId)).toEqual({ status: 'assistant', entryPointId: null });
    const history = ok(
      await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }),
    ).events;
    expect(history.map((e) => e.type)).toContain('assistant.replied');
    // With no answers left, the next message goes to the queue.
    ok(await say('and on Sunday?'));
    expect(['queued', 'offered']).toContain((await rowOf(chat.interactionId)).status);

    // A widget that still embeds the id: a clear code, for its configuration and for a start.
    const widgetView = await server.request(`/api/v1/entry-points/${id}`);
    expect([widgetView.status, ((await widgetView.json()) as { code: string }).code]).toEqual([
      404,
      'ENTRY_POINT_NOT_FOUND',
    ]);
    const late = await startAt(id);
    expect([late.status, ((await late.json()) as { code: string }).code]).toEqual([
      404,
      'ENTRY_POINT_NOT_FOUND',
    ]);
    // The list no longer has it, and its name is free again.
    const listed = await admin<{ entryPoints: AdminEntryPoint[] }>('GET', '/admin/entry-points');
    expect(listed.body.entryPoints.map((e) => e.id)).not.toContain(id);
    expect(await admin('DELETE', `/admin/entry-points/${id}`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
  });

  it('keeps the default entry point, and lets only admins delete', async () => {
    const listed = await admin<{ entryPoints: AdminEntryPoint[] }>('GET', '/admin/entry-points');
    const fallback = listed.body.entryPoints.find((e) => e.isDefault)!;
    expect(await admin('DELETE', `/admin/entry-points/${fallback.id}`)).toMatchObject({
      status: 409,
      body: { code: 'ENTRY_POINT_IS_DEFAULT' },
    });
    const created = await admin<{ entryPoint: AdminEntryPoint }>(
      'POST',
      '/admin/entry-points',
      body(),
    );
    for (const who of ['supervisor@sangdam.local', 'agent1@sangdam.local']) {
      const caller = await signedIn(server, who);
      expect(
        await caller('DELETE', `/admin/entry-points/${created.body.entryPoint.id}`),
      ).toMatchObject({
        status: 403,
      });
    }
    const start = await server.request('/api/v1/chats', {
      method: 'POST',
      json: { name: 'Hana', email: 'hana@example.com' },
    });
    expect(start.status).toBe(201);
  });
});
