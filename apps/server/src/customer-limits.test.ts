import type { Ack, CustomerLimits, SessionResponse } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';

const tight: CustomerLimits = {
  chatStartsPerIpPerMinute: 3,
  messagesPerChatPerMinute: 5,
  requestsPerIpPerMinute: 12,
};

describe.each(engines)('limits on customers on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    // One minute's window throughout: the cluster-wide counts start afresh each minute.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
    server = await startTestServer(engine, {}, { clock: () => minute, customerLimits: tight });
  });
  afterEach(() => server.close());

  const start = () =>
    server.request('/api/v1/chats', {
      method: 'POST',
      json: { name: 'Hana Customer', email: 'hana@example.com' },
    });

  it('lets one address start a few chats a minute, then answers RATE_LIMITED', async () => {
    for (let i = 0; i < tight.chatStartsPerIpPerMinute; i++)
      expect((await start()).status).toBe(201);
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/too many new chats/i) as string,
    });
  });

  it('stops a flood of messages on one chat without losing those it accepted', async () => {
    const chat = await server.startChat();
    const customer = await server.customerSocket(chat.customerToken);
    const acks = [];
    for (let i = 0; i < 8; i++) {
      acks.push(
        await customer.send('message:send', { clientMessageId: randomUUID(), text: `n${i}` }),
      );
    }
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBe(tight.messagesPerChatPerMinute);
    for (const ack of acks.slice(accepted)) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    }
    // The chat keeps what was accepted, once each.
    const messages = (await server.sangdam.deps.db
      .selectFrom('interactionEvents')
      .select('body')
      .where('interactionId', '=', chat.interactionId)
      .where('type', '=', 'message')
      .where('clientMessageId', 'not like', 'greeting-%')
      .execute()) as unknown[];
    expect(messages).toHaveLength(accepted);
  });

  it('applies an admin’s new limits without a restart; agents may not change them', async () => {
    const admin = await server.login('admin@sangdam.local');
    const agent = await server.login('agent1@sangdam.local');
    const put = (who: { cookie: string; session: SessionResponse }, body: unknown) =>
      server.request('/api/v1/admin/customer-limits', {
        method: 'PUT',
        headers: { cookie: who.cookie, 'x-csrf-token': who.session.csrfToken },
        json: body,
      });
    expect((await put(agent, { ...tight, chatStartsPerIpPerMinute: 50 })).status).toBe(403);
    const invalid = await put(admin, { ...tight, chatStartsPerIpPerMinute: 0 });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    const raised = { ...tight, chatStartsPerIpPerMinute: 4 };
    expect(await (await put(admin, raised)).json()).toEqual(raised);
    const read = await server.request('/api/v1/admin/customer-limits', {
      headers: { cookie: admin.cookie },
    });
    expect(await read.json()).toEqual(raised);
    for (let i = 0; i < 4; i++) expect((await start()).status).toBe(201);
    expect((await start()).status).toBe(429);
  });
});

describe('limits per address on the customer socket', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer('pglite', {}, { customerLimits: tight });
  });
  afterEach(() => server.close());

  it('counts every chat from one address together', async () => {
    // Chat starts, socket handshakes and commands all count against one address's budget.
    const chats = [await server.startChat(), await server.startChat()];
    const sockets = await Promise.all(
      chats.map((chat) => server.customerSocket(chat.customerToken)),
    );
    const acks: Ack<object>[] = [];
    for (let i = 0; i < 5; i++) {
      for (const socket of sockets) {
        acks.push(await socket.send('interaction:sync', { afterSeq: 0 }));
      }
    }
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});
