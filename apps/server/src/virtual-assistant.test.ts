import type {
  AdminEntryPoint,
  EntryPointBody,
  Interaction,
  InteractionEvent,
  Offer,
  SupervisorSnapshot,
} from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ok,
  refused,
  startTestServer,
  type RecordingClient,
  type TestServer,
} from '../test/test-server.ts';

type Method = 'GET' | 'POST' | 'PUT';

/** Signs in and returns a caller that sends the session cookie and CSRF token. */
async function signedIn(server: TestServer, email: string) {
  const { cookie, session } = await server.login(email);
  const call = async <T = unknown>(method: Method, path: string, json?: unknown) => {
    const response = await server.request(`/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      ...(json !== undefined && { json }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return Object.assign(call, { cookie });
}
type Caller = Awaited<ReturnType<typeof signedIn>>;

const answers = [
  { label: 'Where is my order?', keywords: ['delivery', '배송'], text: 'Track it at /orders.' },
  { label: '환불 안내', keywords: ['refund', '환불'], text: '환불은 3일 안에 처리됩니다.' },
];

const shopAssistant = (queueId: string, change: Partial<EntryPointBody> = {}): EntryPointBody => ({
  name: `Shop ${randomUUID().slice(0, 8)}`,
  queueId,
  nameField: 'required',
  emailField: 'optional',
  greeting: 'Hi! I am the shop assistant.',
  answers,
  handOver: { offerAgent: true, afterMisses: 2 },
  ...change,
});

describe.each(engines)('the virtual assistant on %s', (engine) => {
  let server: TestServer;
  let admin: Caller;
  let agent: RecordingClient;
  let chatQueueId: string;
  let emailQueueId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signedIn(server, 'admin@sangdam.local');
    const queues = await server.sangdam.deps.db
      .selectFrom('queues')
      .select(['id', 'channel'])
      .execute();
    chatQueueId = queues.find((q) => q.channel === 'chat')!.id;
    emailQueueId = queues.find((q) => q.channel === 'email')!.id;
    const { cookie } = await server.login('agent1@sangdam.local');
    agent = (await server.agentSocket(cookie)).client;
  }, 180_000);
  afterAll(() => server.close());
  beforeEach(async () => {
    // Each test starts with the agent ready to take a chat, so a routed chat would be offered.
    ok(await agent.send('presence:set', { state: 'available' }));
  });

  async function createEntryPoint(body: EntryPointBody): Promise<AdminEntryPoint> {
    const created = await admin<{ entryPoint: AdminEntryPoint }>(
      'POST',
      '/admin/entry-points',
      body,
    );
    expect(created.status).toBe(201);
    return created.body.entryPoint;
  }

  async function startAt(entryPointId: string, person: { name?: string; email?: string }) {
    const response = await server.request('/api/v1/chats', {
      method: 'POST',
      json: { entryPointId, ...person },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function chatWithAssistant(body: EntryPointBody) {
    const entryPoint = await createEntryPoint(body);
    const started = await startAt(entryPoint.id, { name: 'Hana', email: 'hana@example.com' });
    expect(started.status).toBe(201);
    const { interactionId, customerToken } = started.body as {
      interactionId: string;
      customerToken: string;
    };
    const customer = await server.customerSocket(customerToken);
    const say = async (text: string) =>
      ok(
        await customer.send<{ event: InteractionEvent }>('message:send', {
          clientMessageId: randomUUID(),
          text,
        }),
      ).event;
    const status = async () =>
      (
        await server.sangdam.deps.db
          .selectFrom('interactions')
          .select('status')
          .where('id', '=', interactionId)
          .executeTakeFirstOrThrow()
      ).status;
    const events = async () =>
      ok(await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }))
        .events;
    return { entryPoint, interactionId, customer, say, status, events };
  }

  /** Waits for a few router sweeps (200 ms apart in tests) and says whether the chat was offered. */
  async function offeredWithin(interactionId: string, ms = 700): Promise<boolean> {
    return agent
      .next<Offer>('offer:new', (o) => o.interactionId === interactionId, ms)
      .then(() => true)
      .catch(() => false);
  }

  it('answers before any agent, hands over after two misses, and the agent reads the whole conversation', async () => {
    const chat = await chatWithAssistant(shopAssistant(chatQueueId));
    expect(await chat.status()).toBe('assistant');

    await chat.say('언제 배송되나요?');
    await chat.say('I want a REFUND');
    await chat.say('blah');
    expect(await offeredWithin(chat.interactionId)).toBe(false);
    expect(await chat.status()).toBe('assistant');
    await chat.say('what about my hat');

    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }));
    const transcript = ok(
      await agent.send<{ events: InteractionEvent[] }>('interaction:sync', {
        interactionId: chat.interactionId,
        afterSeq: 0,
      }),
    ).events;
    const turns = transcript.map((e) =>
      e.type === 'assistant.replied'
        ? `bot:${e.kind}:${e.text}`
        : e.type === 'message'
          ? `${e.author.kind}:${e.text}`
          : e.type === 'assistant.handed-over'
            ? `handed-over:${e.reason}`
            : e.type,
    );
    expect(turns).toEqual([
      'chat.started',
      'bot:greeting:Hi! I am the shop assistant.',
      'customer:언제 배송되나요?',
      'bot:answer:Track it at /orders.',
      'customer:I want a REFUND',
      'bot:answer:환불은 3일 안에 처리됩니다.',
      'customer:blah',
      'bot:no-match:',
      'customer:what about my hat',
      'handed-over:no-match',
      'queued',
      'agent.joined',
    ]);
    expect(transcript[1]).toMatchObject({
      choices: ['Where is my order?', '환불 안내'],
      offerAgent: true,
    });
    // The customer sees the same bot turns.
    expect((await chat.events()).map((e) => e.type)).toContain('assistant.replied');
  });

  it('queues the customer who picks "Talk to an agent", once however often they ask', async () => {
    const chat = await chatWithAssistant(shopAssistant(chatQueueId));
    // A button press sends the question; its label picks the answer whatever the keywords.
    await chat.say('Where is my order?');
    ok(await chat.customer.send('assistant:hand-over', {}));
    ok(await chat.customer.send('assistant:hand-over', {}));
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const types = (await chat.events()).map((e) =>
      e.type === 'assistant.handed-over' ? `${e.type}:${e.reason}` : e.type,
    );
    expect(types.filter((t) => t.startsWith('assistant.handed-over'))).toEqual([
      'assistant.handed-over:asked',
    ]);
    expect(types.filter((t) => t === 'queued')).toHaveLength(1);
    expect(
      (await chat.events()).find((e) => e.type === 'assistant.replied' && e.kind === 'answer'),
    ).toMatchObject({ answer: 'Where is my order?', text: 'Track it at /orders.' });
  });

  it('does not let a customer skip the assistant by sending commands early', async () => {
    const chat = await chatWithAssistant(
      shopAssistant(chatQueueId, { handOver: { offerAgent: false, afterMisses: 3 } }),
    );
    expect(refused(await chat.customer.send('assistant:hand-over', {}))).toBe(
      'ASSISTANT_AGENT_NOT_OFFERED',
    );
    await chat.say('refund');
    await chat.say('x');
    await chat.say('refund'); // a match resets the count of misses
    await chat.say('y');
    await chat.say('z');
    expect(refused(await chat.customer.send('assistant:hand-over', {}))).toBe(
      'ASSISTANT_AGENT_NOT_OFFERED',
    );
    expect(await offeredWithin(chat.interactionId)).toBe(false);
    expect(await chat.status()).toBe('assistant');
    await chat.say('still lost');
    expect(['queued', 'offered']).toContain(await chat.status());
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
  });

  it('masks a card number the customer gives the assistant, like any customer text', async () => {
    const chat = await chatWithAssistant(shopAssistant(chatQueueId));
    const sent = await chat.say('refund to card 4111 1111 1111 1111 please');
    expect(sent).toMatchObject({ type: 'message', redactedTypes: ['CREDIT_CARD'] });
    expect(JSON.stringify(sent)).not.toContain('4111 1111 1111 1111');
    const stored = await server.sangdam.deps.db
      .selectFrom('interactionEvents')
      .select('body')
      .where('interactionId', '=', chat.interactionId)
      .execute();
    expect(JSON.stringify(stored)).not.toContain('4111 1111 1111 1111');
    // The masked text still reaches the assistant, which answers it.
    expect((await chat.events()).at(-1)).toMatchObject({
      type: 'assistant.replied',
      kind: 'answer',
    });
    ok(await chat.customer.send('chat:leave', {}));
  });

  it('counts chats still with the assistant in the supervisors’ live view', async () => {
    const supervisor = await signedIn(server, 'supervisor@sangdam.local');
    const { client } = await server.agentSocket(supervisor.cookie);
    const before = ok(
      await client.send<{ snapshot: SupervisorSnapshot }>('supervisor:subscribe', {}),
    ).snapshot.queues.find((q) => q.queue.id === chatQueueId)!.withAssistant;
    const chat = await chatWithAssistant(shopAssistant(chatQueueId));
    const withOneMore = await client.next<SupervisorSnapshot>('supervisor:snapshot', (s) =>
      s.queues.some((q) => q.queue.id === chatQueueId && q.withAssistant === before + 1),
    );
    expect(withOneMore.queues.find((q) => q.queue.id === chatQueueId)).toMatchObject({
      withAssistant: before + 1,
    });
    ok(await chat.customer.send('chat:leave', {}));
    await client.next<SupervisorSnapshot>('supervisor:snapshot', (s) =>
      s.queues.some((q) => q.queue.id === chatQueueId && q.withAssistant === before),
    );
  });

  it('asks for the pre-chat fields the entry point requires', async () => {
    const entryPoint = await createEntryPoint(
      shopAssistant(chatQueueId, { nameField: 'optional', emailField: 'required', answers: [] }),
    );
    expect(await startAt(entryPoint.id, { name: 'Hana' })).toMatchObject({
      status: 400,
      body: { code: 'PRECHAT_FIELD_REQUIRED' },
    });
    const noName = await startAt(entryPoint.id, { email: 'guest@example.com' });
    expect(noName).toMatchObject({
      status: 201,
      body: { customer: { name: 'guest@example.com', email: 'guest@example.com' } },
    });
    // No answers: the greeting is said and the chat is queued at once, as before.
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === noName.body.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));

    const required = await createEntryPoint(shopAssistant(chatQueueId));
    expect(await startAt(required.id, { email: 'a@example.com' })).toMatchObject({
      status: 400,
      body: { code: 'PRECHAT_FIELD_REQUIRED' },
    });
    expect(await startAt(required.id, { name: 'No Email' })).toMatchObject({ status: 201 });
  });

  it('lets an admin list, create and edit entry points, and shows the widget its form', async () => {
    const created = await createEntryPoint(shopAssistant(chatQueueId));
    expect(created).toMatchObject({ answers, queue: { id: chatQueueId }, isDefault: false });
    const edited = shopAssistant(chatQueueId, {
      name: '상담 챗봇',
      nameField: 'optional',
      answers: [{ label: 'Opening hours', keywords: ['hours', '영업시간'], text: '9–18 KST' }],
      handOver: { offerAgent: false, afterMisses: 1 },
    });
    const updated = await admin('PUT', `/admin/entry-points/${created.id}`, edited);
    expect(updated).toMatchObject({
      status: 200,
      body: { entryPoint: { id: created.id, ...edited } },
    });
    const listed = await admin<{ entryPoints: AdminEntryPoint[] }>('GET', '/admin/entry-points');
    expect(listed.body.entryPoints[0]).toMatchObject({ isDefault: true });
    expect(listed.body.entryPoints).toContainEqual(
      expect.objectContaining({ id: created.id, ...edited }),
    );
    const publicView = await server.request(`/api/v1/entry-points/${created.id}`);
    expect(await publicView.json()).toEqual({
      id: created.id,
      name: '상담 챗봇',
      greeting: edited.greeting,
      nameField: 'optional',
      emailField: 'optional',
    });
  });

  it('lets only admins change entry points, and supervisors read them', async () => {
    const created = await createEntryPoint(shopAssistant(chatQueueId));
    for (const email of ['agent2@sangdam.local', 'supervisor@sangdam.local']) {
      const caller = await signedIn(server, email);
      expect(await caller('GET', '/admin/entry-points')).toMatchObject({
        status: email.startsWith('agent') ? 403 : 200,
      });
      expect(await caller('POST', '/admin/entry-points', shopAssistant(chatQueueId))).toMatchObject(
        { status: 403, body: { code: 'FORBIDDEN' } },
      );
      expect(
        await caller('PUT', `/admin/entry-points/${created.id}`, shopAssistant(chatQueueId)),
      ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    }
    const anonymous = await server.request('/api/v1/admin/entry-points');
    expect(anonymous.status).toBe(401);
  });

  it.each([
    [
      'too many answers',
      {
        answers: Array.from({ length: 31 }, (_, i) => ({
          label: `Q${i}`,
          keywords: [],
          text: 'a',
        })),
      },
      'ASSISTANT_TOO_MANY_ANSWERS',
      400,
    ],
    [
      'too many keywords',
      {
        answers: [
          { label: 'Q', keywords: Array.from({ length: 21 }, (_, i) => `k${i}`), text: 'a' },
        ],
      },
      'ASSISTANT_TOO_MANY_KEYWORDS',
      400,
    ],
    [
      'two answers with one question',
      {
        answers: [
          { label: '환불', keywords: [], text: 'a' },
          { label: ' 환불 ', keywords: [], text: 'b' },
        ],
      },
      'ASSISTANT_DUPLICATE_LABEL',
      400,
    ],
    [
      'no way to reach an agent',
      { handOver: { offerAgent: false, afterMisses: null } },
      'ASSISTANT_NO_HAND_OVER',
      400,
    ],
    ['an email queue', { queueId: 'email' }, 'VALIDATION_FAILED', 400],
    ['a queue that does not exist', { queueId: randomUUID() }, 'VALIDATION_FAILED', 400],
    ['a name already used', { name: 'WEBSITE CHAT' }, 'NAME_TAKEN', 409],
    ['an empty name', { name: '  ' }, 'VALIDATION_FAILED', 400],
    [
      'an answer of 1001 characters',
      { answers: [{ label: 'Q', keywords: [], text: '가'.repeat(1001) }] },
      'VALIDATION_FAILED',
      400,
    ],
    [
      'a NUL in a keyword',
      { answers: [{ label: 'Q', keywords: ['a\u0000'], text: 'a' }] },
      'VALIDATION_FAILED',
      400,
    ],
    [
      'hand-over after 11 misses',
      { handOver: { offerAgent: true, afterMisses: 11 } },
      'VALIDATION_FAILED',
      400,
    ],
    [
      'a field that is neither required nor optional',
      { emailField: 'hidden' },
      'VALIDATION_FAILED',
      400,
    ],
  ])('refuses %s with a stable code', async (_, change, code, status) => {
    const body = { ...shopAssistant(chatQueueId), ...change } as Record<string, unknown>;
    if (body.queueId === 'email') body.queueId = emailQueueId;
    expect(await admin('POST', '/admin/entry-points', body)).toMatchObject({
      status,
      body: { code },
    });
    const existing = await createEntryPoint(shopAssistant(chatQueueId));
    expect(await admin('PUT', `/admin/entry-points/${existing.id}`, body)).toMatchObject({
      status,
      body: { code },
    });
  });

  it('answers NOT_FOUND for an entry point that does not exist', async () => {
    expect(
      await admin('PUT', `/admin/entry-points/${randomUUID()}`, shopAssistant(chatQueueId)),
    ).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
