import type { InteractionEvent, Offer, StartChatResponse } from '@sangdam/contracts';
import { countCharacters, limits } from '@sangdam/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naughtyStrings } from '../test/corpora.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';

// Third-party strings (big-list-of-naughty-strings, shared/corpora): absent in a fresh clone.
const strings = naughtyStrings();

describe.skipIf(strings.length === 0)('naughty strings in chat (shared/corpora)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('stores each chat message unchanged, masks only sensitive data, or refuses it clearly', async () => {
    const { cookie } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    await agent.send('presence:set', { state: 'available' });
    const chat = await server.startChat();
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    await agent.send('offer:accept', { offerId: offer.id });
    const customer = await server.customerSocket(chat.customerToken);

    for (const text of strings) {
      const ack = await customer.send<{ event: InteractionEvent }>('message:send', {
        clientMessageId: randomUUID(),
        text,
      });
      if (text.trim() === '') {
        expect(ack).toMatchObject({ ok: false, error: { code: 'MESSAGE_EMPTY' } });
        continue;
      }
      if (!ack.ok) throw new Error(`${JSON.stringify(text)} refused: ${ack.error.code}`);
      const event = ack.event as Extract<InteractionEvent, { type: 'message' }>;
      if (!event.redactedTypes) expect(event.text).toBe(text);
      const atAgent = await agent.next<InteractionEvent>(
        'interaction:event',
        (e) => e.seq === event.seq,
      );
      expect(atAgent).toMatchObject({ text: event.text });
    }
  });

  it('takes each as a customer name, or refuses it with VALIDATION_FAILED, never a 500', async () => {
    for (const name of strings) {
      const response = await server.request('/api/v1/chats', {
        method: 'POST',
        json: { name, email: 'naughty@example.com' },
      });
      const trimmed = name.trim();
      if (trimmed === '' || countCharacters(trimmed) > limits.customerNameMaxLength) {
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        continue;
      }
      expect(response.status).toBe(201);
      const body = (await response.json()) as StartChatResponse;
      expect(body.customer.name).toBe(trimmed);
    }
  });
});
