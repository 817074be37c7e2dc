import type { Ack, InteractionEvent, StartChatResponse } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { openSealedToken, sealToken } from './auth/tokens.ts';

const newKey = () => randomBytes(16).toString('base64url');

describe.each(engines)('starting a chat with an idempotency key on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  const start = (name: string, key?: string) =>
    server.request('/api/v1/chats', {
      method: 'POST',
      headers: key === undefined ? {} : { 'idempotency-key': key },
      json: { name, email: 'retry@example.com' },
    });

  const chatsOf = async (name: string) =>
    server.sangdam.database.db
      .selectFrom('interactions as i')
      .innerJoin('customers as c', 'c.id', 'i.customerId')
      .select('i.id')
      .where('c.name', '=', name)
      .execute();

  it('answers a repeated start with the first chat and a token that opens it', async () => {
    const key = newKey();
    const first = await start('Retrying Customer', key);
    expect(first.status).toBe(201);
    const firstChat = (await first.json()) as StartChatResponse;
    const again = await start('Retrying Customer', key);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(firstChat);
    expect(await chatsOf('Retrying Customer')).toEqual([{ id: firstChat.interactionId }]);

    const customer = await server.customerSocket(firstChat.customerToken);
    const history = (await customer.send<{ events: InteractionEvent[] }>('interaction:sync', {
      afterSeq: 0,
    })) as Extract<Ack<{ events: InteractionEvent[] }>, { ok: true }>;
    expect(history.ok).toBe(true);
    expect(history.events.map((e) => e.type)).toContain('queued');

    // Another key is another chat; no key keeps today's behaviour.
    const other = (await (await start('Retrying Customer', newKey())).json()) as StartChatResponse;
    expect(other.interactionId).not.toBe(firstChat.interactionId);
    await start('Keyless Customer');
    await start('Keyless Customer');
    expect(await chatsOf('Keyless Customer')).toHaveLength(2);
  });

  it('starts one chat when two requests with one key race', async () => {
    const key = newKey();
    const answers = await Promise.all([
      start('Double Clicker', key),
      start('Double Clicker', key),
      start('Double Clicker', key),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const chats = (await Promise.all(answers.map((a) => a.json()))) as StartChatResponse[];
    expect(new Set(chats.map((c) => c.interactionId)).size).toBe(1);
    expect(new Set(chats.map((c) => c.customerToken)).size).toBe(1);
    expect(await chatsOf('Double Clicker')).toHaveLength(1);
    const starts = await server.sangdam.database.db
      .selectFrom('chatStarts')
      .select(['keyHash', 'sealedToken'])
      .where('interactionId', '=', chats[0]!.interactionId)
      .execute();
    expect(starts).toHaveLength(1);
    // Only the key's hash and the sealed token are stored: neither is the key or the token.
    expect(starts[0]!.keyHash).not.toBe(key);
    expect(starts[0]!.sealedToken).not.toContain(chats[0]!.customerToken);
  });

  it('refuses keys too short or malformed to be random', async () => {
    const malformed = [
      'short',
      'a'.repeat(21),
      `${'a'.repeat(22)} x`,
      `${'a'.repeat(22)}é`,
      '%'.repeat(30),
      'a'.repeat(129),
    ];
    for (const key of malformed) {
      const response = await start('Bad Key', key);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await chatsOf('Bad Key')).toEqual([]);
  });
});

describe('a sealed customer token', () => {
  it('opens only with the key it was sealed under', () => {
    const key = newKey();
    const sealed = sealToken(key, 'the-token');
    expect(openSealedToken(key, sealed)).toBe('the-token');
    expect(() => openSealedToken(newKey(), sealed)).toThrow();
  });
});
