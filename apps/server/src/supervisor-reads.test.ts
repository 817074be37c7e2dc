import type { InteractionEvent, Offer } from '@sangdam/contracts';
import { addTeamMembers, addTeamQueues, insertQueue, insertTeam, insertUser } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';
import { hashPassword } from './auth/passwords.ts';
import { demoPassword } from './seed/demo-organisation.ts';

describe.each(engines)('who reads a chat on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  /** Agent 1 (team Customer care) takes a chat and writes in it. */
  async function chatOfAgent1() {
    const { cookie } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const chat = await server.startChat('Watched Customer', 'watched@example.com');
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    ok(
      await agent.send('message:send', {
        interactionId: chat.interactionId,
        clientMessageId: randomUUID(),
        text: 'Hello, I am looking into it.',
      }),
    );
    return chat;
  }

  async function socketOf(email: string) {
    const { cookie } = await server.login(email);
    return (await server.agentSocket(cookie)).client;
  }

  const sync = (client: Awaited<ReturnType<typeof socketOf>>, interactionId: string) =>
    client.send<{ events: InteractionEvent[] }>('interaction:sync', { interactionId, afterSeq: 0 });

  it('lets a supervisor read their team’s chat, read-only, and an admin any chat', async () => {
    const chat = await chatOfAgent1();

    const supervisor = await socketOf('supervisor@sangdam.local');
    const read = ok(await sync(supervisor, chat.interactionId));
    expect(read.events.map((e) => e.type)).toContain('agent.joined');
    expect(read.events).toContainEqual(
      expect.objectContaining({ type: 'message', text: 'Hello, I am looking into it.' }),
    );
    // Reading is all: writing, ending and wrapping up stay with the participants.
    const write = await supervisor.send('message:send', {
      interactionId: chat.interactionId,
      clientMessageId: randomUUID(),
      text: 'Supervisor here',
    });
    expect(write).toMatchObject({ ok: false, error: { code: 'NOT_A_PARTICIPANT' } });
    const end = await supervisor.send('interaction:end', { interactionId: chat.interactionId });
    expect(end).toMatchObject({ ok: false, error: { code: 'NOT_A_PARTICIPANT' } });

    const admin = await socketOf('admin@sangdam.local');
    expect(ok(await sync(admin, chat.interactionId)).events).toHaveLength(read.events.length);
  });

  it('keeps an agent to their own chats and a supervisor to their own teams', async () => {
    const chat = await chatOfAgent1();

    const colleague = await socketOf('agent2@sangdam.local');
    expect(await sync(colleague, chat.interactionId)).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_PARTICIPANT' },
    });

    // A supervisor of a team that neither serves the chat's queue nor has agent 1 in it.
    const db = server.sangdam.database.db;
    const queue = await insertQueue(db, {
      name: 'Billing',
      channel: 'chat',
      offerTimeoutSeconds: null,
    });
    const team = await insertTeam(db, { name: 'Billing team', profileId: null });
    const other = await insertUser(db, {
      email: 'billing-supervisor@sangdam.local',
      displayName: 'Billing Supervisor',
      role: 'supervisor',
      passwordHash: await hashPassword(demoPassword),
    });
    await addTeamMembers(db, team.id, [other.id]);
    await addTeamQueues(db, team.id, [queue.id]);
    const outsider = await socketOf('billing-supervisor@sangdam.local');
    expect(await sync(outsider, chat.interactionId)).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_PARTICIPANT' },
    });
  });
});
