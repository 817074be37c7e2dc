import type { EmailReplyResponse, InteractionEvent, Interaction, Offer } from '@sangdam/contracts';
import { smtpRelayTransport, type ParsedMail } from '@sangdam/mail';
import { listSendAttempts } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { parsedMail, smtpOrigin } from '../test/mail.ts';
import { startSmtpRelay } from '@sangdam/mail/test/smtp-relay.ts';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { ingestMail } from './services/email/ingest.ts';
import { MailSender } from './services/email/reply.ts';

const slow = 60_000;

/**
 * Mail out (issue 11): an agent's reply goes through the mail outbox to a real SMTP server
 * stood up here — retried on 4xx with backoff (the test moves the server's clock), stopped on
 * 5xx, each attempt recorded, the agent told; never sent twice, however many workers race.
 */
describe.each(engines)('email out on %s', (engine) => {
  let server: TestServer;
  let relay: Awaited<ReturnType<typeof startSmtpRelay>>;
  let agent: RecordingClient;
  let login: { cookie: string; csrf: string };
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  afterEach(async () => {
    offsetMs = 0;
    await server.close();
    await relay.close();
  });

  async function start(
    answers: number[],
    env: Record<string, string> = {},
    delayMs = 0,
    accepted?: string,
  ) {
    relay = await startSmtpRelay(answers, { delayMs, accepted });
    server = await startTestServer(engine, { SMTP_RELAY_URL: relay.url, ...env }, { clock });
    const { cookie, session } = await server.login('agent1@sangdam.local');
    login = { cookie, csrf: session.csrfToken };
    ({ client: agent } = await server.agentSocket(cookie));
    ok(await agent.send('presence:set', { state: 'available' }));
  }

  /** Hana's first mail, accepted by agent1. */
  async function contact(fields: Partial<ParsedMail> = {}) {
    const mail = parsedMail({ references: ['older@mail.customer.example'], ...fields });
    await ingestMail(server.sangdam.deps, mail, smtpOrigin());
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    return { mail, interaction };
  }

  async function reply(interactionId: string, text: string, clientMessageId = crypto.randomUUID()) {
    return server.request(`/api/v1/interactions/${interactionId}/email-replies`, {
      method: 'POST',
      headers: { cookie: login.cookie, 'x-csrf-token': login.csrf },
      json: { clientMessageId, text },
    });
  }

  async function retry(interactionId: string, emailId: string, as = login) {
    const response = await server.request(
      `/api/v1/interactions/${interactionId}/emails/${emailId}/retry`,
      { method: 'POST', headers: { cookie: as.cookie, 'x-csrf-token': as.csrf } },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const stored = (emailId: string) =>
    server.sangdam.database.db
      .selectFrom('emailMessages')
      .select(['messageId', 'status', 'failure', 'text'])
      .where('id', '=', emailId)
      .executeTakeFirstOrThrow();
  const attempts = async (emailId: string) =>
    (await listSendAttempts(server.sangdam.database.db, emailId)).map((a) => a.outcome);

  it(
    'retries a 451 after its backoff and sends once on 250, with threading headers',
    async () => {
      await start([451]);
      const { mail, interaction } = await contact();
      const response = await reply(interaction.id, 'Your parcel left our warehouse today.');
      expect(response.status).toBe(201);
      const { emailId, event } = (await response.json()) as EmailReplyResponse;
      expect(event).toMatchObject({ type: 'email.queued', email: { id: emailId } });
      await expect.poll(() => attempts(emailId), { timeout: 10_000 }).toEqual(['retry']);
      expect((await stored(emailId)).status).toBe('queued');

      offsetMs += 31_000;
      await expect.poll(() => attempts(emailId), { timeout: 10_000 }).toEqual(['retry', 'sent']);
      const sent = await agent.next<InteractionEvent>(
        'interaction:event',
        (e) => e.type === 'email.sent' && e.emailId === emailId,
      );
      expect(sent.interactionId).toBe(interaction.id);
      const { messageId, status } = await stored(emailId);
      expect(status).toBe('sent');
      const [raw, ...more] = relay.withId(messageId);
      expect(more).toEqual([]);
      const { emailReplyToken: token } = await server.sangdam.database.db
        .selectFrom('interactions')
        .select('emailReplyToken')
        .where('id', '=', interaction.id)
        .executeTakeFirstOrThrow();
      expect(raw).toContain(`In-Reply-To: <${mail.messageId}>`);
      expect(raw).toMatch(
        new RegExp(`References: <older@mail\\.customer\\.example>\\s+<${mail.messageId}>`),
      );
      expect(raw).toContain(`support+${token}@sangdam.local`);
      expect(raw).toContain(`Subject: Re: ${mail.subject} [#${token}]`);
      expect(raw).toContain('To: Hana Kim <hana@example.com>');
      // Nothing more goes out later.
      offsetMs += 10 * 60_000;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(relay.received).toHaveLength(1);
    },
    slow,
  );

  it('answers to the Reply-To the customer’s mail names', async () => {
    await start([]);
    const { interaction } = await contact({
      replyTo: [{ address: 'orders@hana.example', name: 'Hana Orders' }],
    });
    const { emailId } = (await (await reply(interaction.id, 'Hi')).json()) as EmailReplyResponse;
    await agent.next<InteractionEvent>('interaction:event', (e) => e.type === 'email.sent');
    const [raw] = relay.withId((await stored(emailId)).messageId);
    expect(raw).toContain('To: Hana Orders <orders@hana.example>');
  });

  it('records the Message-ID Amazon SES gave the reply, and threads the answer that names it', async () => {
    const sesId = '0100018c2d4e6f70-1a2b3c4d-5e6f-4a1b-9c8d-7e6f5a4b3c2d-000000';
    await start([], {}, 0, `Ok ${sesId}`);
    const { interaction } = await contact();
    const { emailId } = (await (await reply(interaction.id, 'Hi')).json()) as EmailReplyResponse;
    await agent.next<InteractionEvent>('interaction:event', (e) => e.type === 'email.sent');
    const relayId = `${sesId}@email.amazonses.com`;
    const row = await server.sangdam.database.db
      .selectFrom('emailMessages')
      .select('relayMessageId')
      .where('id', '=', emailId)
      .executeTakeFirstOrThrow();
    expect(row.relayMessageId).toBe(relayId);
    // Hana answers the mail SES delivered: it names only SES's id, under a subject of her own.
    const answer = parsedMail({
      subject: 'still waiting',
      inReplyTo: [relayId],
      references: [relayId],
    });
    expect(await ingestMail(server.sangdam.deps, answer, smtpOrigin())).toEqual({
      status: 'stored',
    });
    const joined = await server.sangdam.database.db
      .selectFrom('emailMessages')
      .select('interactionId')
      .where('messageId', '=', answer.messageId!)
      .executeTakeFirstOrThrow();
    expect(joined.interactionId).toBe(interaction.id);
  });

  it('stops on 550: the reply failed and the agent is told', async () => {
    await start([550]);
    const { interaction } = await contact();
    const { emailId } = (await (await reply(interaction.id, 'Hello')).json()) as EmailReplyResponse;
    const failed = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.failed' && e.emailId === emailId,
    );
    expect(failed).toMatchObject({ reason: 'refused' });
    expect(failed.type === 'email.failed' && failed.response).toMatch(/550/);
    expect(await attempts(emailId)).toEqual(['failed']);
    expect(await stored(emailId)).toMatchObject({ status: 'failed' });
    expect(relay.received).toHaveLength(0);
  });

  it('sends a refused reply again on Retry by the agent holding it — the same Message-ID, once — while the wrap-up waits', async () => {
    await start([550]);
    const { interaction } = await contact();
    const { emailId } = (await (await reply(interaction.id, 'Hello')).json()) as EmailReplyResponse;
    await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.failed' && e.emailId === emailId,
    );
    // As after Send: the agent's part ended, the wrap-up not yet submitted.
    ok(await agent.send('interaction:end', { interactionId: interaction.id }));
    const other = await server.login('agent2@sangdam.local');
    expect(
      await retry(interaction.id, emailId, { cookie: other.cookie, csrf: other.session.csrfToken }),
    ).toMatchObject({ status: 403, body: { code: 'NOT_A_PARTICIPANT' } });
    expect(relay.received).toHaveLength(0);

    const retried = await retry(interaction.id, emailId);
    expect(retried).toMatchObject({
      status: 200,
      body: { event: { type: 'email.retried', emailId, author: { name: 'Jiwoo Kim' } } },
    });
    await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.sent' && e.emailId === emailId,
    );
    expect(await attempts(emailId)).toEqual(['failed', 'sent']);
    const { messageId, status } = await stored(emailId);
    expect(status).toBe('sent');
    expect(relay.withId(messageId)).toHaveLength(1);
    expect(relay.received).toHaveLength(1);
    expect(await retry(interaction.id, emailId)).toMatchObject({
      status: 409,
      body: { code: 'EMAIL_NOT_FAILED' },
    });

    const { wrapUpReasons } = (await (
      await server.request('/api/v1/reference', { headers: { cookie: login.cookie } })
    ).json()) as { wrapUpReasons: { id: string }[] };
    ok(
      await agent.send('wrapup:submit', {
        interactionId: interaction.id,
        reasonIds: [wrapUpReasons[0]!.id],
      }),
    );
    expect(await retry(interaction.id, emailId)).toMatchObject({
      status: 403,
      body: { code: 'NOT_A_PARTICIPANT' },
    });
  });

  it('gives up when the relay defers past MAIL_RETRY_MINUTES', async () => {
    await start([451, 451, 451], { MAIL_RETRY_MINUTES: '1' });
    const { interaction } = await contact();
    const { emailId } = (await (await reply(interaction.id, 'Hello')).json()) as EmailReplyResponse;
    await expect.poll(() => attempts(emailId), { timeout: 10_000 }).toEqual(['retry']);
    offsetMs += 61_000;
    const failed = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.failed' && e.emailId === emailId,
    );
    expect(failed).toMatchObject({ reason: 'gave-up' });
    expect(await attempts(emailId)).toEqual(['retry', 'retry']);
  });

  it('marks a sent reply failed when a bounce for it arrives, and tells its author', async () => {
    await start([]);
    const { interaction } = await contact();
    const { emailId } = (await (await reply(interaction.id, 'Hello')).json()) as EmailReplyResponse;
    await agent.next<InteractionEvent>('interaction:event', (e) => e.type === 'email.sent');
    const { messageId } = await stored(emailId);
    const bounce = parsedMail({
      kind: 'delivery-report',
      from: { address: 'mailer-daemon@mx.example.com', name: 'Mail Delivery System' },
      subject: 'Undelivered Mail Returned to Sender',
      reportsOn: messageId,
    });
    expect(await ingestMail(server.sangdam.deps, bounce, smtpOrigin())).toEqual({
      status: 'stored',
    });
    const failed = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.failed' && e.emailId === emailId,
    );
    expect(failed).toMatchObject({ reason: 'bounced' });
    expect(await stored(emailId)).toMatchObject({ status: 'failed' });
    // It left and came back: the same mail again would come back too.
    expect(await retry(interaction.id, emailId)).toMatchObject({
      status: 409,
      body: { code: 'EMAIL_NOT_RETRYABLE' },
    });
    const contacts = await server.sangdam.database.db
      .selectFrom('interactions')
      .select('id')
      .where('channel', '=', 'email')
      .execute();
    expect(contacts).toHaveLength(1);
  });

  it('masks card data in a reply before it is stored or sent', async () => {
    await start([]);
    const { interaction } = await contact();
    const response = await reply(interaction.id, 'Is your card 4111 1111 1111 1111?');
    const { emailId, event } = (await response.json()) as EmailReplyResponse;
    expect(event).toMatchObject({ redactedTypes: ['CREDIT_CARD'] });
    await agent.next<InteractionEvent>('interaction:event', (e) => e.type === 'email.sent');
    expect((await stored(emailId)).text).not.toContain('4111');
    expect(relay.received.join('')).not.toContain('4111');
  });

  it('answers a repeated clientMessageId with the stored reply and sends it once', async () => {
    await start([]);
    const { interaction } = await contact();
    const id = crypto.randomUUID();
    const first = (await (await reply(interaction.id, 'Once', id)).json()) as EmailReplyResponse;
    const again = (await (await reply(interaction.id, 'Once', id)).json()) as EmailReplyResponse;
    expect(again.emailId).toBe(first.emailId);
    await agent.next<InteractionEvent>('interaction:event', (e) => e.type === 'email.sent');
    expect(relay.received).toHaveLength(1);
  });

  it('refuses replies from outside the contact and to a chat', async () => {
    await start([]);
    const { interaction } = await contact();
    const other = await server.login('agent2@sangdam.local');
    const refused = await server.request(`/api/v1/interactions/${interaction.id}/email-replies`, {
      method: 'POST',
      headers: { cookie: other.cookie, 'x-csrf-token': other.session.csrfToken },
      json: { clientMessageId: crypto.randomUUID(), text: 'Hi' },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'NOT_A_PARTICIPANT' });
    const chat = await server.startChat();
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.interactionId === chat.interactionId,
    );
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const toChat = await reply(chat.interactionId, 'Hi');
    expect(toChat.status).toBe(400);
    expect(await toChat.json()).toMatchObject({ code: 'NOT_EMAIL_CONTACT' });
  });

  it(
    'never sends one reply twice while three workers drain the outbox at once',
    async () => {
      await start([], {}, 5);
      const { interaction } = await contact();
      const replies = 30;
      const ids: string[] = [];
      for (let i = 0; i < replies; i++) {
        const { emailId } = (await (
          await reply(interaction.id, `Reply ${i}`)
        ).json()) as EmailReplyResponse;
        ids.push(emailId);
      }
      const others = [1, 2].map(
        () =>
          new MailSender(
            server.sangdam.deps,
            smtpRelayTransport({ url: relay.url, timeoutMs: 5000 }),
          ),
      );
      await Promise.all([
        ...others.map((sender) => sender.drain()),
        server.sangdam.mailSender.drain(),
      ]);
      await expect
        .poll(async () => (await Promise.all(ids.map(stored))).map((m) => m.status), {
          timeout: 20_000,
        })
        .toEqual(ids.map(() => 'sent'));
      for (const sender of others) await sender.stop();
      expect(relay.received).toHaveLength(replies);
      for (const id of ids) {
        const { messageId } = await stored(id);
        expect(relay.withId(messageId)).toHaveLength(1);
        expect(await attempts(id)).toEqual(['sent']);
      }
      // Outcomes that come in together are recorded together (group commit), not one transaction each.
      const { rows } = await sql<{ transactions: number }>`
        select count(distinct xmin::text)::int as transactions from mail_send_attempts`.execute(
        server.sangdam.database.db,
      );
      expect(rows[0]!.transactions).toBeLessThan(replies);
    },
    slow,
  );
});
