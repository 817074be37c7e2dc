import type { DemoEmailAnswers, DemoEmailSendResponse } from '@sangdam/contracts';
import { demoMailboxTransport } from '@sangdam/mail';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';

const mail = {
  to: 'support@sangdam.local',
  name: 'Hana Customer',
  email: 'Hana@Example.com',
  subject: 'Where is my parcel?',
  text: 'It has not arrived.',
};

/**
 * The email demo page's API (issue 11, demo without a relay): a customer's mail goes over real
 * SMTP to the node's own receiver; the answers come from the demo mailbox (both engines).
 */
describe.each(engines)('the email demo on %s', (engine) => {
  let server: TestServer;
  afterEach(() => server.close());

  const send = (json: unknown) =>
    server.request('/api/v1/demo/email/messages', { method: 'POST', json });
  const answers = (email: string, messageIds: string[]) =>
    server.request('/api/v1/demo/email/answers', { method: 'POST', json: { email, messageIds } });

  it('stores the mail through the SMTP receiver before answering, and lists only its answers', async () => {
    server = await startTestServer(engine, { SMTP_PORT: '0' });
    await server.sangdam.startSmtp();
    expect(await (await server.request('/api/v1/demo/email')).json()).toEqual({
      addresses: ['support@sangdam.local'],
    });
    const sent = await send(mail);
    expect(sent.status).toBe(201);
    const { messageId } = (await sent.json()) as DemoEmailSendResponse;
    const stored = await server.sangdam.database.db
      .selectFrom('emailMessages')
      .selectAll()
      .where('messageId', '=', messageId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ direction: 'in', fromAddress: 'hana@example.com' });
    expect(stored.text).toContain('It has not arrived.');

    // Answers in the demo mailbox: one to this mail, one to someone else, one unrelated.
    const mailbox = demoMailboxTransport(server.sangdam.demoMailbox);
    const answer = (to: string, inReplyTo: string | undefined, text: string) =>
      mailbox.send({
        messageId: `${crypto.randomUUID()}@sangdam.local`,
        from: { name: 'Jiwoo Kim', address: 'support@sangdam.local' },
        to: [{ name: '', address: to }],
        cc: [],
        bcc: [],
        replyTo: undefined,
        subject: 'Re: Where is my parcel?',
        text,
        html: undefined,
        inReplyTo,
        references: inReplyTo ? [inReplyTo] : [],
        attachments: [],
      });
    await answer('hana@example.com', messageId, 'On its way.');
    await answer('someone@example.com', messageId, 'Not for Hana.');
    await answer('hana@example.com', undefined, 'Not an answer.');
    const listed = (await (
      await answers('hana@example.com', [messageId])
    ).json()) as DemoEmailAnswers;
    expect(listed.answers).toMatchObject([
      {
        answers: messageId,
        inReplyTo: [messageId],
        fromName: 'Jiwoo Kim',
        subject: 'Re: Where is my parcel?',
      },
    ]);
    expect(listed.answers[0]!.text).toContain('On its way.');
  });

  it('refuses bad input and a foreign address with stable codes, and says when SMTP is down', async () => {
    server = await startTestServer(engine, { SMTP_PORT: '0' });
    const down = await send(mail);
    expect(down.status).toBe(409);
    expect(await down.json()).toMatchObject({ code: 'DEMO_MAIL_UNAVAILABLE' });
    await server.sangdam.startSmtp();
    for (const bad of [
      { ...mail, email: 'not an address' },
      { ...mail, subject: '  ' },
      { ...mail, text: 'x'.repeat(10_001) },
      { ...mail, name: 'a\u0000b' },
      { mail },
    ]) {
      const refused = await send(bad);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const foreign = await send({ ...mail, to: 'sales@elsewhere.example' });
    expect(foreign.status).toBe(422);
    expect(await foreign.json()).toMatchObject({ code: 'DEMO_MAIL_REFUSED' });
    const tooMany = await answers(
      'hana@example.com',
      Array.from({ length: 51 }, (_, i) => `${i}@x`),
    );
    expect(tooMany.status).toBe(400);
  });

  it('is rate-limited with the customer limits', async () => {
    server = await startTestServer(
      engine,
      { SMTP_PORT: '0' },
      {
        customerLimits: {
          chatStartsPerIpPerMinute: 1,
          messagesPerChatPerMinute: 100,
          requestsPerIpPerMinute: 100,
        },
      },
    );
    await server.sangdam.startSmtp();
    expect((await send(mail)).status).toBe(201);
    // Starts are counted per clock minute: the next send may fall in a new minute, not two.
    let limited = await send(mail);
    if (limited.status === 201) limited = await send(mail);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('is not there with a relay configured or without the smtp role', async () => {
    const setups: Record<string, string>[] = [
      { SMTP_PORT: '0', SMTP_RELAY_URL: 'smtp://127.0.0.1:1' },
      { SANGDAM_ROLES: 'web,realtime,workers' },
    ];
    for (const env of setups) {
      server = await startTestServer(engine, env);
      await server.sangdam.startSmtp();
      expect((await server.request('/demo/email')).status).toBe(404);
      expect((await server.request('/api/v1/demo/email')).status).toBe(404);
      expect((await send(mail)).status).toBe(404);
      expect((await answers('hana@example.com', ['a@b'])).status).toBe(404);
      await server.close();
    }
    server = await startTestServer(engine, { SMTP_PORT: '0' });
  });
});
