import type {
  ContactHistoryPage,
  EmailMessage,
  ErrorBody,
  Offer,
  PastTranscript,
  ReferenceData,
} from '@sangdam/contracts';
import {
  addTeamMembers,
  insertCustomer,
  insertInteraction,
  insertTeam,
  insertUser,
} from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { parsedMail, smtpOrigin } from '../test/mail.ts';
import { hashPassword } from './auth/passwords.ts';
import { ingestMail } from './services/email/ingest.ts';
import { demoPassword } from './seed/demo-organisation.ts';

describe.each(engines)('contact history over HTTP on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(engine);
  });
  afterEach(() => server.close());

  async function signIn(email: string) {
    const { cookie } = await server.login(email);
    const { client } = await server.agentSocket(cookie);
    return { cookie, client };
  }

  /** The customer starts a chat; `agent` (Available) accepts it and writes `text`. */
  async function servedChat(agent: RecordingClient, email: string, text: string) {
    const chat = await server.startChat('Min-ji Park', email);
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    ok(
      await agent.send('message:send', {
        interactionId: chat.interactionId,
        clientMessageId: randomUUID(),
        text,
      }),
    );
    return chat;
  }

  async function endAndWrapUp(agent: RecordingClient, interactionId: string, reasonIds: string[]) {
    ok(await agent.send('interaction:end', { interactionId }));
    ok(await agent.send('wrapup:submit', { interactionId, reasonIds }));
  }

  async function get<T>(path: string, cookie?: string, headers: Record<string, string> = {}) {
    const response = await server.request(path, {
      headers: { ...(cookie && { cookie }), ...headers },
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it('shows the agent serving a customer their earlier chats and opens one read-only; refuses everyone else', async () => {
    const agent1 = await signIn('agent1@sangdam.local');
    ok(await agent1.client.send('presence:set', { state: 'available' }));
    const reference = (await get<ReferenceData>('/api/v1/reference', agent1.cookie)).body;
    const [reason] = reference.wrapUpReasons;

    const first = await servedChat(agent1.client, 'minji@example.com', 'About your first order');
    await endAndWrapUp(agent1.client, first.interactionId, [reason!.id]);
    const second = await servedChat(agent1.client, 'MINJI@example.com', 'About your refund');
    await endAndWrapUp(agent1.client, second.interactionId, [reason!.id]);
    const stranger = await servedChat(agent1.client, 'someone@example.com', 'Another customer');
    await endAndWrapUp(agent1.client, stranger.interactionId, [reason!.id]);
    const current = await servedChat(agent1.client, 'minji@example.com', 'Welcome back');
    const history = `/api/v1/interactions/${current.interactionId}/history`;
    const transcriptOf = (pastId: string) => `${history}/${pastId}/transcript`;

    const listed = await get<ContactHistoryPage>(history, agent1.cookie);
    expect(listed.status).toBe(200);
    expect(listed.body.nextBefore).toBeNull();
    expect(listed.body.contacts.map((c) => c.id)).toEqual([
      second.interactionId,
      first.interactionId,
    ]);
    expect(listed.body.contacts[0]).toMatchObject({
      channel: 'chat',
      status: 'ended',
      queue: { name: 'Chat support' },
      agents: [{ name: 'Jiwoo Kim' }],
      wrapUpReasons: [{ id: reason!.id, label: reason!.label }],
    });
    expect(listed.body.contacts[0]!.durationSeconds).toBeGreaterThanOrEqual(0);

    const transcript = await get<PastTranscript>(transcriptOf(first.interactionId), agent1.cookie);
    expect(transcript.status).toBe(200);
    expect(transcript.body.more).toBe(false);
    expect(transcript.body.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['chat.started', 'agent.joined', 'message', 'ended']),
    );
    expect(transcript.body.events).toContainEqual(
      expect.objectContaining({ type: 'message', text: 'About your first order' }),
    );
    const later = await get<PastTranscript>(
      `${transcriptOf(first.interactionId)}?afterSeq=${transcript.body.events.at(-2)!.seq}`,
      agent1.cookie,
    );
    expect(later.body.events).toEqual([transcript.body.events.at(-1)]);

    // Another customer's contact, the current one and an unknown id answer alike: no such contact.
    for (const pastId of [stranger.interactionId, current.interactionId, randomUUID()]) {
      expect(await get<ErrorBody>(transcriptOf(pastId), agent1.cookie)).toEqual({
        status: 404,
        body: { code: 'NOT_FOUND', message: 'This customer has no such earlier contact' },
      });
    }
    expect(
      await get<ErrorBody>(`/api/v1/interactions/${randomUUID()}/history`, agent1.cookie),
    ).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });

    // Another agent does not serve this customer.
    const agent2 = await signIn('agent2@sangdam.local');
    for (const path of [history, transcriptOf(first.interactionId)]) {
      expect(await get<ErrorBody>(path, agent2.cookie)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    }

    // The customer's own token opens nothing here: these need an agent's session.
    for (const path of [history, transcriptOf(first.interactionId)]) {
      expect(
        await get<ErrorBody>(path, undefined, { authorization: `Bearer ${current.customerToken}` }),
      ).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    }

    // A supervisor of the team serving the queue reads it; one of an unrelated team does not.
    const supervisor = await server.login('supervisor@sangdam.local');
    expect((await get(history, supervisor.cookie)).status).toBe(200);
    expect((await get(transcriptOf(first.interactionId), supervisor.cookie)).status).toBe(200);
    const db = server.sangdam.database.db;
    const team = await insertTeam(db, { name: 'Billing team', profileId: null });
    const outsider = await insertUser(db, {
      email: 'billing-supervisor@sangdam.local',
      displayName: 'Billing Supervisor',
      role: 'supervisor',
      passwordHash: await hashPassword(demoPassword),
    });
    await addTeamMembers(db, team.id, [outsider.id]);
    const outsiderSession = await server.login('billing-supervisor@sangdam.local');
    expect(await get<ErrorBody>(history, outsiderSession.cookie)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    const admin = await server.login('admin@sangdam.local');
    expect((await get(history, admin.cookie)).status).toBe(200);

    // Once the wrap-up releases agent 1, the customer is no longer theirs to look up.
    await endAndWrapUp(agent1.client, current.interactionId, [reason!.id]);
    for (const path of [history, transcriptOf(first.interactionId)]) {
      expect(await get<ErrorBody>(path, agent1.cookie)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    }
  });

  it('lets the agent serving a customer now download a file of an earlier chat they were not in', async () => {
    const agent1 = await signIn('agent1@sangdam.local');
    ok(await agent1.client.send('presence:set', { state: 'available' }));
    const reference = (await get<ReferenceData>('/api/v1/reference', agent1.cookie)).body;
    const [reason] = reference.wrapUpReasons;
    const [idle] = reference.idleReasons;

    const first = await servedChat(agent1.client, 'minji@example.com', 'Send me the receipt');
    const receipt = new TextEncoder().encode('Receipt 2026-11-30: one parcel, paid.\n');
    const form = new FormData();
    form.append('clientMessageId', randomUUID());
    form.append('file', new Blob([receipt]), 'receipt.txt');
    const uploaded = await server.request(`/api/v1/chats/${first.interactionId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.customerToken}` },
      body: form,
    });
    expect(uploaded.status).toBe(200);
    const { attachments } = (await uploaded.json()) as { attachments: { id: string }[] };
    const fileId = attachments[0]!.id;
    await endAndWrapUp(agent1.client, first.interactionId, [reason!.id]);
    ok(await agent1.client.send('presence:set', { state: 'idle', idleReasonId: idle!.id }));

    const agent2 = await signIn('agent2@sangdam.local');
    ok(await agent2.client.send('presence:set', { state: 'available' }));
    const current = await servedChat(agent2.client, 'minji@example.com', 'Welcome back');
    const stranger = await server.startChat('Someone Else', 'someone@example.com');
    const pastFile = (pastId: string, id = fileId) =>
      `/api/v1/interactions/${current.interactionId}/history/${pastId}/attachments/${id}`;

    const response = await server.request(pastFile(first.interactionId), {
      headers: { cookie: agent2.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(receipt);

    // The chat's own download stays for those who were in it.
    expect(
      await get<ErrorBody>(
        `/api/v1/interactions/${first.interactionId}/attachments/${fileId}`,
        agent2.cookie,
      ),
    ).toMatchObject({ status: 403, body: { code: 'NOT_A_PARTICIPANT' } });
    // Only contacts of this customer's history, only their own files.
    for (const path of [
      pastFile(stranger.interactionId),
      pastFile(first.interactionId, randomUUID()),
    ]) {
      expect(await get<ErrorBody>(path, agent2.cookie)).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
    }
    // Agent 1 serves this customer no more.
    expect(await get<ErrorBody>(pastFile(first.interactionId), agent1.cookie)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });

  it('opens an earlier email contact with View email message: its mails whole, read-only; refuses a chat and everyone else', async () => {
    const { cookie, session } = await server.login('agent1@sangdam.local');
    const agent1 = { cookie, client: (await server.agentSocket(cookie)).client };
    ok(await agent1.client.send('presence:set', { state: 'available' }));
    const reference = (await get<ReferenceData>('/api/v1/reference', agent1.cookie)).body;
    const [reason] = reference.wrapUpReasons;

    await ingestMail(
      server.sangdam.deps,
      parsedMail({ html: '<p>My order <b>1042</b> has not arrived.</p>' }),
      smtpOrigin(),
    );
    const offer = await agent1.client.next<Offer>('offer:new', (o) => o.channel === 'email');
    ok(await agent1.client.send('offer:accept', { offerId: offer.id }));
    const replied = await server.request(
      `/api/v1/interactions/${offer.interactionId}/email-replies`,
      {
        method: 'POST',
        headers: { cookie: agent1.cookie, 'x-csrf-token': session.csrfToken },
        json: { clientMessageId: randomUUID(), text: 'It left our warehouse today.' },
      },
    );
    expect(replied.status).toBe(201);
    await endAndWrapUp(agent1.client, offer.interactionId, [reason!.id]);
    const pastChat = await servedChat(agent1.client, 'hana@example.com', 'An earlier chat');
    await endAndWrapUp(agent1.client, pastChat.interactionId, [reason!.id]);
    const current = await servedChat(agent1.client, 'HANA@example.com', 'Any news?');
    const history = `/api/v1/interactions/${current.interactionId}/history`;
    const emailsOf = (pastId: string) => `${history}/${pastId}/emails`;

    const listed = await get<ContactHistoryPage>(history, agent1.cookie);
    expect(listed.body.contacts.map((c) => [c.id, c.channel])).toEqual([
      [pastChat.interactionId, 'chat'],
      [offer.interactionId, 'email'],
    ]);
    const opened = await get<{ emails: EmailMessage[] }>(
      emailsOf(offer.interactionId),
      agent1.cookie,
    );
    expect(opened.status).toBe(200);
    expect(opened.body.emails).toMatchObject([
      {
        direction: 'in',
        from: { address: 'hana@example.com' },
        subject: 'Order 1042 has not arrived',
        html: expect.stringContaining('<b>1042</b>') as unknown,
        authorName: null,
      },
      // The reply names the agent who wrote it (its From is the address's own name).
      { direction: 'out', text: 'It left our warehouse today.', authorName: 'Jiwoo Kim' },
    ]);

    expect(await get<ErrorBody>(emailsOf(pastChat.interactionId), agent1.cookie)).toMatchObject({
      status: 400,
      body: { code: 'NOT_EMAIL_CONTACT' },
    });
    for (const pastId of [current.interactionId, randomUUID()]) {
      expect(await get<ErrorBody>(emailsOf(pastId), agent1.cookie)).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND' },
      });
    }
    const agent2 = await signIn('agent2@sangdam.local');
    expect(await get<ErrorBody>(emailsOf(offer.interactionId), agent2.cookie)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });

  it('pages a long history with `before`, newest first, each contact once', async () => {
    const agent1 = await signIn('agent1@sangdam.local');
    ok(await agent1.client.send('presence:set', { state: 'available' }));
    const db = server.sangdam.database.db;
    const { id: queueId } = await db
      .selectFrom('queues')
      .select('id')
      .where('name', '=', 'Chat support')
      .executeTakeFirstOrThrow();
    const earlier: string[] = [];
    for (let n = 0; n < 25; n++) {
      const customer = await insertCustomer(db, {
        name: 'Min-ji Park',
        email: 'pages@example.com',
      });
      const at = new Date(Date.UTC(2026, 0, 1, 0, n));
      const { id } = await insertInteraction(db, {
        channel: 'chat',
        customerId: customer.id,
        queueId,
        entryPointId: null,
        customerTokenHash: null,
        enqueuedAt: at,
      });
      await db
        .updateTable('interactions')
        .set({ createdAt: at, status: 'ended', endedAt: at })
        .where('id', '=', id)
        .execute();
      earlier.unshift(id);
    }
    const current = await servedChat(agent1.client, 'pages@example.com', 'Hello again');
    const history = `/api/v1/interactions/${current.interactionId}/history`;

    const first = await get<ContactHistoryPage>(history, agent1.cookie);
    expect(first.body.contacts.map((c) => c.id)).toEqual(earlier.slice(0, 20));
    expect(first.body.nextBefore).toBe(earlier[19]);
    const second = await get<ContactHistoryPage>(
      `${history}?before=${first.body.nextBefore}`,
      agent1.cookie,
    );
    expect(second.body.contacts.map((c) => c.id)).toEqual(earlier.slice(20));
    expect(second.body.nextBefore).toBeNull();
    expect(await get<ErrorBody>(`${history}?before=not-an-id`, agent1.cookie)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });
});
