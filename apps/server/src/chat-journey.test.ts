import type {
  InteractionEvent,
  Interaction,
  Offer,
  Presence,
  ReferenceData,
} from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';

describe.each(engines)('a whole chat journey on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  it('goes from the customer’s first message to a submitted wrap-up, surviving a reconnect', async () => {
    const { cookie, session } = await server.login('agent1@sangdam.local');
    expect(session.presence.state).toBe('idle');
    const { client: agent, snapshot } = await server.agentSocket(cookie);
    expect(snapshot.offers).toEqual([]);
    ok(await agent.send<{ presence: Presence }>('presence:set', { state: 'available' }));

    const chat = await server.startChat('Hana Customer', 'hana@example.com');
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    expect(offer).toMatchObject({
      channel: 'chat',
      customer: { name: 'Hana Customer', email: 'hana@example.com' },
      queue: { name: 'Chat support' },
    });

    const accepted = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    expect(accepted.interaction.status).toBe('active');
    expect(await agent.next('offer:gone')).toEqual({ offerId: offer.id, reason: 'accepted' });

    const customer = await server.customerSocket(chat.customerToken);
    const history = ok(
      await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }),
    );
    expect(history.events.map((e) => e.type)).toEqual(['message', 'queued', 'agent.joined']);
    expect(history.events[2]).toMatchObject({ agent: { id: null, name: 'Jiwoo Kim' } });

    const hello = ok(
      await customer.send<{ event: InteractionEvent }>('message:send', {
        clientMessageId: randomUUID(),
        text: '안녕하세요, my order has not arrived',
      }),
    );
    const atAgent = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.seq === hello.event.seq,
    );
    expect(atAgent).toMatchObject({
      type: 'message',
      author: { kind: 'customer', name: 'Hana Customer' },
    });

    const reply = ok(
      await agent.send<{ event: InteractionEvent }>('message:send', {
        interactionId: chat.interactionId,
        clientMessageId: randomUUID(),
        text: 'Let me check that for you.',
      }),
    );
    const atCustomer = await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.seq === reply.event.seq,
    );
    expect(atCustomer).toMatchObject({ author: { kind: 'agent', id: null, name: 'Jiwoo Kim' } });

    // The customer drops off; the agent writes twice; the customer comes back and catches up.
    customer.socket.disconnect();
    const lastSeen = reply.event.seq;
    for (const text of ['Found it.', 'It ships tomorrow.']) {
      ok(
        await agent.send('message:send', {
          interactionId: chat.interactionId,
          clientMessageId: randomUUID(),
          text,
        }),
      );
    }
    const back = await server.customerSocket(chat.customerToken);
    const missed = ok(
      await back.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: lastSeen }),
    );
    expect(missed.events.map((e) => (e.type === 'message' ? e.text : e.type))).toEqual([
      'Found it.',
      'It ships tomorrow.',
    ]);

    // A retry with the same clientMessageId is stored once and answered with the stored event.
    const retryId = randomUUID();
    const first = ok(
      await back.send<{ event: InteractionEvent }>('message:send', {
        clientMessageId: retryId,
        text: 'Thanks!',
      }),
    );
    const again = ok(
      await back.send<{ event: InteractionEvent }>('message:send', {
        clientMessageId: retryId,
        text: 'Thanks!',
      }),
    );
    expect(again.event.seq).toBe(first.event.seq);
    // The retry pushes the stored event again, in case the node that stored it died before
    // pushing it; the desktop keeps one copy per seq.
    const pushedToAgent = () =>
      agent.received.filter(
        (r) =>
          r.event === 'interaction:event' &&
          (r.payload as InteractionEvent).seq === first.event.seq,
      ).length;
    await expect.poll(pushedToAgent).toBe(2);
    const all = ok(
      await agent.send<{ events: InteractionEvent[] }>('interaction:sync', {
        interactionId: chat.interactionId,
        afterSeq: 0,
      }),
    );
    expect(
      all.events.filter((e) => e.type === 'message' && e.clientMessageId === retryId),
    ).toHaveLength(1);
    expect(all.events.map((e) => e.seq)).toEqual(all.events.map((_, i) => i + 1));

    // The agent ends the chat: the customer sees the agent left; wrap-up with two reasons.
    const ended = ok(
      await agent.send<{ interaction: Interaction }>('interaction:end', {
        interactionId: chat.interactionId,
      }),
    );
    expect(ended.interaction).toMatchObject({ status: 'ended', wrapUpPending: true });
    await back.next<InteractionEvent>('interaction:event', (e) => e.type === 'agent.left');
    await back.next<InteractionEvent>('interaction:event', (e) => e.type === 'ended');
    const closed = await back.send('message:send', {
      clientMessageId: randomUUID(),
      text: 'Hello?',
    });
    expect(closed).toMatchObject({ ok: false, error: { code: 'INTERACTION_ENDED' } });

    const reference = (await (
      await server.request('/api/v1/reference', { headers: { cookie } })
    ).json()) as ReferenceData;
    const reasons = reference.wrapUpReasons.slice(0, 2).map((r) => r.id);
    const wrapped = ok(
      await agent.send<{ interaction: Interaction }>('wrapup:submit', {
        interactionId: chat.interactionId,
        reasonIds: reasons,
      }),
    );
    expect(wrapped.interaction.wrapUpPending).toBe(false);
    const stored = await server.sangdam.database.db
      .selectFrom('wrapUpSelections')
      .innerJoin('wrapUps', 'wrapUps.id', 'wrapUpSelections.wrapUpId')
      .select('reasonId')
      .where('wrapUps.interactionId', '=', chat.interactionId)
      .execute();
    expect(stored.map((s) => s.reasonId).sort()).toEqual([...reasons].sort());
    const twice = await agent.send('wrapup:submit', {
      interactionId: chat.interactionId,
      reasonIds: reasons,
    });
    expect(twice).toMatchObject({ ok: false, error: { code: 'WRAP_UP_NOT_PENDING' } });
  });

  it('tells the agent when the customer leaves, and frees capacity once wrapped up', async () => {
    const { cookie } = await server.login('agent2@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const chat = await server.startChat('Leaving Customer', 'leaver@example.com');
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const customer = await server.customerSocket(chat.customerToken);
    ok(await customer.send('chat:leave', {}));
    await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.interactionId === chat.interactionId && e.type === 'customer.left',
    );
    const updated = await agent.next<Interaction>(
      'interaction:updated',
      (i) => i.id === chat.interactionId && i.status === 'ended',
    );
    expect(updated.wrapUpPending).toBe(true);
  });
});

describe.each(engines)('bad input on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  async function activeChat() {
    const { cookie } = await server.login('agent3@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const chat = await server.startChat();
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    return { agent, chat, cookie };
  }

  it('refuses an over-long message with MESSAGE_TOO_LONG and stores nothing', async () => {
    const { agent, chat } = await activeChat();
    const customer = await server.customerSocket(chat.customerToken);
    const before = ok(
      await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }),
    );
    const tooLong = await customer.send('message:send', {
      clientMessageId: randomUUID(),
      text: 'a'.repeat(1001),
    });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LONG' } });
    const fromAgent = await agent.send('message:send', {
      interactionId: chat.interactionId,
      clientMessageId: randomUUID(),
      text: '가'.repeat(1001),
    });
    expect(fromAgent).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LONG' } });
    const after = ok(
      await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }),
    );
    expect(after.events).toEqual(before.events);
  });

  it('answers an unknown event and a malformed payload with clear codes', async () => {
    const { agent } = await activeChat();
    expect(await agent.send('offer:steal', { offerId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_EVENT' },
    });
    expect(await agent.send('message:send', { text: 42 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('keeps an agent out of a chat they are not in', async () => {
    const { chat } = await activeChat();
    const { cookie } = await server.login('agent2@sangdam.local');
    const { client: outsider } = await server.agentSocket(cookie);
    const write = await outsider.send('message:send', {
      interactionId: chat.interactionId,
      clientMessageId: randomUUID(),
      text: 'let me in',
    });
    expect(write).toMatchObject({ ok: false, error: { code: 'NOT_A_PARTICIPANT' } });
    const read = await outsider.send('interaction:sync', {
      interactionId: chat.interactionId,
      afterSeq: 0,
    });
    expect(read).toMatchObject({ ok: false, error: { code: 'NOT_A_PARTICIPANT' } });
  });

  it('refuses a bad customer token', async () => {
    await expect(server.customerSocket('not-a-real-token')).rejects.toThrow(
      'INVALID_CUSTOMER_TOKEN',
    );
  });

  it('answers a wrong password, a malformed body and a missing CSRF token with { code, message }', async () => {
    const wrong = await server.request('/api/v1/session', {
      method: 'POST',
      json: { email: 'agent1@sangdam.local', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong email or password',
    });
    const malformed = await server.request('/api/v1/chats', {
      method: 'POST',
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const invalid = await server.request('/api/v1/chats', {
      method: 'POST',
      json: { name: '', email: 'not-an-email' },
    });
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const { cookie } = await server.login('agent1@sangdam.local');
    const noCsrf = await server.request('/api/v1/session', {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ code: 'CSRF_FAILED' });
  });

  it('closes the desktop’s socket when the agent signs out', async () => {
    const { cookie, session } = await server.login('agent2@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    const closed = new Promise((resolve) => agent.socket.once('disconnect', resolve));
    const out = await server.request('/api/v1/session', {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(out.status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    const again = await server.request('/api/v1/session', { headers: { cookie } });
    expect(await again.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('does not let anyone sign out while an offer is pending', async () => {
    const { cookie, session } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const chat = await server.startChat('Waiting Customer', 'wait@example.com');
    await agent.next<Offer>('offer:new', (o) => o.interactionId === chat.interactionId);
    const out = await server.request('/api/v1/session', {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(out.status).toBe(409);
    expect(await out.json()).toMatchObject({ code: 'OFFER_PENDING' });
  });
});
