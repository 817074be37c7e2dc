import type {
  HandOverTargets,
  Interaction,
  InteractionEvent,
  Offer,
  Presence,
} from '@sangdam/contracts';
import {
  addTeamQueues,
  insertCustomer,
  insertInteraction,
  insertQueue,
  listAgentActivity,
  loadsOf,
  setChannelOfferTimeout,
} from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ok,
  refused,
  startTestServer,
  type RecordingClient,
  type TestServer,
  useTwoNodes,
} from '../test/test-server.ts';

interface Agent {
  id: string;
  name: string;
  client: RecordingClient;
}

/** Signs an agent in with a desktop; Available unless told otherwise. */
async function signIn(server: TestServer, email: string, available = true): Promise<Agent> {
  const { cookie, session } = await server.login(email);
  const { client } = await server.agentSocket(cookie);
  if (available) ok(await client.send('presence:set', { state: 'available' }));
  return { id: session.user.id, name: session.user.displayName, client };
}

/** The agent goes Idle (with the first idle reason): nothing more is routed to them. */
async function takeNoMore(server: TestServer, agent: Agent) {
  const idle = await server.sangdam.database.db
    .selectFrom('idleReasons')
    .select('id')
    .executeTakeFirstOrThrow();
  ok(await agent.client.send('presence:set', { state: 'idle', idleReasonId: idle.id }));
}

async function accept(agent: Agent, interactionId: string, kind: Offer['kind'] = 'route') {
  const offer = await agent.client.next<Offer>(
    'offer:new',
    (o) => o.interactionId === interactionId && o.kind === kind,
  );
  const { interaction } = ok(
    await agent.client.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
  );
  return { offer, interaction };
}

async function say(agent: Agent, interactionId: string, text: string) {
  return ok(
    await agent.client.send<{ event: InteractionEvent }>('message:send', {
      interactionId,
      clientMessageId: randomUUID(),
      text,
    }),
  ).event;
}

const customerEvents = async (customer: RecordingClient) =>
  ok(await customer.send<{ events: InteractionEvent[] }>('interaction:sync', { afterSeq: 0 }))
    .events;

describe.each(engines)('hand-overs on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  /** agent1 serves a new chat; agent2 (and agent3) are signed in, not Available. */
  async function servedChat() {
    const one = await signIn(server, 'agent1@sangdam.local');
    const two = await signIn(server, 'agent2@sangdam.local', false);
    const chat = await server.startChat();
    await accept(one, chat.interactionId);
    // agent1 takes nothing more, so routing cannot hand the chat straight back to them.
    await takeNoMore(server, one);
    const customer = await server.customerSocket(chat.customerToken);
    return { one, two, chat, customer };
  }

  it('transfers a chat to an agent who accepts: they serve it with the whole transcript, the first agent wraps up', async () => {
    const { one, two, chat, customer } = await servedChat();
    await say(one, chat.interactionId, 'Let me pass you to billing.');
    ok(await two.client.send('presence:set', { state: 'available' }));

    const targets = ok(
      await one.client.send<HandOverTargets>('handover:targets', {
        interactionId: chat.interactionId,
      }),
    );
    expect(targets.queues.map((q) => q.name)).toEqual(['Chat support']);
    expect(targets.agents.map((a) => a.name)).toEqual(['Alex Park']);
    expect(targets.agents[0]).toMatchObject({ state: 'available', canTake: true });

    const { interaction: left } = ok(
      await one.client.send<{ interaction: Interaction }>('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'agent', userId: two.id },
      }),
    );
    expect(left).toMatchObject({ role: null, wrapUpPending: true, status: 'offered' });

    const { offer, interaction } = await accept(two, chat.interactionId, 'transfer');
    expect(offer.from).toEqual({ id: one.id, name: one.name });
    expect(interaction).toMatchObject({ status: 'active', role: 'primary', wrapUpPending: false });
    expect(interaction.agents).toEqual([{ id: two.id, name: two.name, role: 'primary' }]);
    const transcript = ok(
      await two.client.send<{ events: InteractionEvent[] }>('interaction:sync', {
        interactionId: chat.interactionId,
        afterSeq: 0,
      }),
    ).events;
    expect(transcript.some((e) => e.type === 'message' && e.text.startsWith('Let me pass'))).toBe(
      true,
    );

    const seen = (await customerEvents(customer)).map((e) =>
      e.type === 'agent.joined' || e.type === 'agent.left' ? `${e.type} ${e.agent.name}` : e.type,
    );
    expect(seen.slice(-4)).toEqual([
      'message',
      'transferred',
      'agent.left Jiwoo Kim',
      'agent.joined Alex Park',
    ]);

    // The first agent can no longer write, and wraps up.
    const late = await one.client.send('message:send', {
      interactionId: chat.interactionId,
      clientMessageId: randomUUID(),
      text: 'still here?',
    });
    expect(refused(late)).toBe('NOT_A_PARTICIPANT');
    const reason = await server.sangdam.database.db
      .selectFrom('wrapUpReasons')
      .select('id')
      .executeTakeFirstOrThrow();
    const wrapped = ok(
      await one.client.send<{ interaction: Interaction }>('wrapup:submit', {
        interactionId: chat.interactionId,
        reasonIds: [reason.id],
      }),
    );
    expect(wrapped.interaction.wrapUpPending).toBe(false);
    await say(two, chat.interactionId, 'Hello, billing here.');
  });

  it('counts a chat transferred back to its first agent once against their capacity', async () => {
    const { one, two, chat } = await servedChat();
    ok(await two.client.send('presence:set', { state: 'available' }));
    ok(
      await one.client.send('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'agent', userId: two.id },
      }),
    );
    await accept(two, chat.interactionId, 'transfer');
    // agent1 has not wrapped up their first part when the chat comes back to them.
    ok(
      await two.client.send('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'agent', userId: one.id },
      }),
    );
    const { interaction } = await accept(one, chat.interactionId, 'transfer');
    expect(interaction).toMatchObject({ role: 'primary', wrapUpPending: true });

    const db = server.sangdam.database.db;
    expect((await loadsOf(db, [one.id])).get(one.id)).toEqual({ chat: 1, email: 0 });
    const activity = (await listAgentActivity(db)).find((a) => a.id === one.id);
    expect(activity).toMatchObject({ openChat: 1, openEmail: 0 });
  });

  it('drops a chat transferred to an agent who does not accept it; the customer is told and the agent goes RONA', async () => {
    await setChannelOfferTimeout(server.sangdam.database.db, 'chat', 5);
    const { one, two, chat, customer } = await servedChat();
    ok(await two.client.send('presence:set', { state: 'available' }));
    ok(
      await one.client.send('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'agent', userId: two.id },
      }),
    );
    const gone = await two.client.next<{ reason: string }>('offer:gone');
    expect(gone.reason).toBe('expired');
    await two.client.next<Presence>('presence:changed', (p) => p.state === 'rona');
    const ended = await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'ended',
    );
    expect(ended).toMatchObject({ by: 'system', reason: 'transfer-unanswered' });
    // The first agent still owes the wrap-up of their part.
    await one.client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === chat.interactionId && i.status === 'ended' && i.wrapUpPending,
    );
  });

  it('transfers a chat to another queue, where it is routed to an agent of that queue', async () => {
    const db = server.sangdam.database.db;
    const billing = await insertQueue(db, {
      name: 'Billing chat',
      channel: 'chat',
      offerTimeoutSeconds: null,
    });
    const team = await db.selectFrom('teams').select('id').executeTakeFirstOrThrow();
    await addTeamQueues(db, team.id, [billing.id]);
    const { one, two, chat, customer } = await servedChat();
    const { interaction } = ok(
      await one.client.send<{ interaction: Interaction }>('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'queue', queueId: billing.id },
      }),
    );
    expect(interaction).toMatchObject({ status: 'queued', queue: { name: 'Billing chat' } });
    ok(await two.client.send('presence:set', { state: 'available' }));
    const { offer } = await accept(two, chat.interactionId);
    expect(offer.queue.name).toBe('Billing chat');
    const types = (await customerEvents(customer)).map((e) => e.type);
    expect(types.slice(-4)).toEqual(['transferred', 'agent.left', 'queued', 'agent.joined']);
  });

  it('holds a conference: both agents write under their own names, the guest leaves without a wrap-up, the chat goes on', async () => {
    const { one, two, chat, customer } = await servedChat();
    const { interaction: requested } = ok(
      await one.client.send<{ interaction: Interaction }>('conference:invite', {
        interactionId: chat.interactionId,
        userId: two.id,
      }),
    );
    expect(requested.pendingOffer).toMatchObject({ kind: 'conference', agent: { name: two.name } });
    const { offer, interaction } = await accept(two, chat.interactionId, 'conference');
    expect(offer.from?.name).toBe(one.name);
    expect(interaction).toMatchObject({ role: 'conference', status: 'active' });
    await one.client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === chat.interactionId && i.agents.length === 2 && i.pendingOffer === null,
    );

    await say(one, chat.interactionId, 'My colleague joins us.');
    await say(two, chat.interactionId, 'Hello from billing.');
    const atCustomer = (await customerEvents(customer)).filter((e) => e.type === 'message');
    expect(atCustomer.slice(-2).map((e) => e.author.name)).toEqual([one.name, two.name]);
    expect(refused(await customer.send('conference:invite', {}))).toBe('UNKNOWN_EVENT');

    // The guest cannot end the chat, only leave it.
    expect(
      refused(await two.client.send('interaction:end', { interactionId: chat.interactionId })),
    ).toBe('NOT_PRIMARY');
    const { interaction: guestLeft } = ok(
      await two.client.send<{ interaction: Interaction }>('conference:end', {
        interactionId: chat.interactionId,
      }),
    );
    expect(guestLeft).toMatchObject({ role: null, wrapUpPending: false });
    await say(one, chat.interactionId, 'Back to just us.');

    // Invited again (a second participation), then removed by agent 1.
    ok(
      await one.client.send('conference:invite', {
        interactionId: chat.interactionId,
        userId: two.id,
      }),
    );
    await two.client.next<Offer>('offer:new', (o) => o.kind === 'conference' && o.id !== offer.id);
    const second = two.client
      .pushes<Offer>('offer:new')
      .filter((o) => o.kind === 'conference')
      .at(-1)!;
    ok(await two.client.send('offer:accept', { offerId: second.id }));
    const { interaction: alone } = ok(
      await one.client.send<{ interaction: Interaction }>('conference:end', {
        interactionId: chat.interactionId,
      }),
    );
    expect(alone.agents.map((a) => a.name)).toEqual([one.name]);
    await two.client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === chat.interactionId && i.role === null && !i.wrapUpPending,
    );
    await say(one, chat.interactionId, 'Anything else?');
  });

  it('ends the conference when the customer leaves: the guest is removed without a wrap-up, only agent 1 wraps up', async () => {
    const { one, two, chat, customer } = await servedChat();
    ok(
      await one.client.send('conference:invite', {
        interactionId: chat.interactionId,
        userId: two.id,
      }),
    );
    await accept(two, chat.interactionId, 'conference');
    ok(await customer.send('chat:leave', {}));
    await one.client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === chat.interactionId && i.status === 'ended' && i.wrapUpPending,
    );
    await two.client.next<Interaction>(
      'interaction:updated',
      (i) => i.id === chat.interactionId && i.status === 'ended' && !i.wrapUpPending,
    );
    expect(
      refused(
        await two.client.send('wrapup:submit', {
          interactionId: chat.interactionId,
          reasonIds: [randomUUID()],
        }),
      ),
    ).toBe('WRAP_UP_NOT_PENDING');
  });

  it('refuses hand-overs that make no sense with a stable code and changes nothing', async () => {
    const { one, two, chat } = await servedChat();
    // agent3 never signed in: offline.
    const { id: threeId } = await server.sangdam.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'agent3@sangdam.local')
      .executeTakeFirstOrThrow();
    const emailQueue = await server.sangdam.database.db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const transfer = (to: unknown) =>
      one.client.send('transfer:start', { interactionId: chat.interactionId, to });
    const before = (await customerEvents(await server.customerSocket(chat.customerToken))).length;

    expect(refused(await transfer({ kind: 'agent', userId: one.id }))).toBe('TRANSFER_TO_SELF');
    expect(refused(await transfer({ kind: 'agent', userId: threeId }))).toBe('AGENT_UNAVAILABLE');
    expect(refused(await transfer({ kind: 'queue', queueId: emailQueue.id }))).toBe(
      'TRANSFER_WRONG_CHANNEL',
    );
    expect(refused(await transfer({ kind: 'queue', queueId: randomUUID() }))).toBe('NOT_FOUND');
    expect(refused(await transfer({ kind: 'agent' }))).toBe('VALIDATION_FAILED');
    // Someone not in the chat.
    expect(
      refused(
        await two.client.send('transfer:start', {
          interactionId: chat.interactionId,
          to: { kind: 'agent', userId: one.id },
        }),
      ),
    ).toBe('NOT_A_PARTICIPANT');
    // A second hand-over while one waits for its answer.
    ok(
      await one.client.send('conference:invite', {
        interactionId: chat.interactionId,
        userId: two.id,
      }),
    );
    expect(refused(await transfer({ kind: 'agent', userId: two.id }))).toBe('HANDOVER_PENDING');
    await accept(two, chat.interactionId, 'conference');
    // The guest can neither invite nor transfer.
    expect(
      refused(
        await two.client.send('conference:invite', {
          interactionId: chat.interactionId,
          userId: one.id,
        }),
      ),
    ).toBe('NOT_PRIMARY');
    expect(
      refused(
        await two.client.send('transfer:start', {
          interactionId: chat.interactionId,
          to: { kind: 'queue', queueId: emailQueue.id },
        }),
      ),
    ).toBe('NOT_PRIMARY');
    const after = await customerEvents(await server.customerSocket(chat.customerToken));
    // Only the conference itself was added: requested (agents only) and the guest joining.
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ type: 'agent.joined', role: 'conference' });
  });

  it('transfers an email to a queue only, whatever the client sends', async () => {
    const db = server.sangdam.database.db;
    const one = await signIn(server, 'agent1@sangdam.local');
    const two = await signIn(server, 'agent2@sangdam.local', false);
    const emailQueue = await db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const customer = await insertCustomer(db, { name: 'Mail Customer', email: 'm@example.com' });
    const email = await insertInteraction(db, {
      channel: 'email',
      customerId: customer.id,
      queueId: emailQueue.id,
      entryPointId: null,
      customerTokenHash: null,
      enqueuedAt: new Date(),
    });
    server.sangdam.deps.requestRouting();
    await accept(one, email.id);
    await takeNoMore(server, one);
    ok(await two.client.send('presence:set', { state: 'available' }));
    const attempt = await one.client.send('transfer:start', {
      interactionId: email.id,
      to: { kind: 'agent', userId: two.id },
    });
    expect(refused(attempt)).toBe('TRANSFER_EMAIL_TO_AGENT');
    // R-EM-9: an email queue only, never a chat queue.
    const chatQueue = await db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'chat')
      .executeTakeFirstOrThrow();
    expect(
      refused(
        await one.client.send('transfer:start', {
          interactionId: email.id,
          to: { kind: 'queue', queueId: chatQueue.id },
        }),
      ),
    ).toBe('TRANSFER_WRONG_CHANNEL');
    expect(
      refused(
        await one.client.send('conference:invite', { interactionId: email.id, userId: two.id }),
      ),
    ).toBe('CONFERENCE_NOT_ALLOWED');
    const { interaction } = ok(
      await one.client.send<{ interaction: Interaction }>('transfer:start', {
        interactionId: email.id,
        to: { kind: 'queue', queueId: emailQueue.id },
      }),
    );
    expect(interaction).toMatchObject({ wrapUpPending: true, role: null });
    await accept(two, email.id);
  });
});

describe('a transfer across two nodes on one PostgreSQL', () => {
  const nodes = useTwoNodes();

  it('reaches the agent on the other node, who serves the customer connected to the first', async () => {
    const one = await signIn(nodes.a, 'agent1@sangdam.local');
    const two = await signIn(nodes.b, 'agent2@sangdam.local', false);
    const chat = await nodes.a.startChat();
    await accept(one, chat.interactionId);
    const customer = await nodes.a.customerSocket(chat.customerToken);
    ok(await two.client.send('presence:set', { state: 'available' }));
    ok(
      await one.client.send('transfer:start', {
        interactionId: chat.interactionId,
        to: { kind: 'agent', userId: two.id },
      }),
    );
    await accept(two, chat.interactionId, 'transfer');
    const sent = await say(two, chat.interactionId, 'Hello from the other node.');
    const heard = await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.seq === sent.seq,
    );
    expect(heard).toMatchObject({ type: 'message', author: { name: two.name } });
  });
});
