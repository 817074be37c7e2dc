import type { InteractionEvent, Interaction, Offer } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';

/** A Visa test number: it must never reach the database. */
const PAN = '4111111111111111';

/**
 * Mail in over real SMTP (R-EM-1, R-PCI-4): the node's receiver answers 250 only once the mail is
 * parsed, redacted (in a mail worker thread, as in production) and stored, and the contact is
 * offered like a chat (both engines).
 */
describe.each(engines)('mail in over SMTP on %s', (engine) => {
  let server: TestServer;
  let agent: RecordingClient;
  let port: number;

  beforeEach(async () => {
    // One mail worker thread: large mails go there, as in production.
    server = await startTestServer(engine, { SMTP_PORT: '0', MAIL_WORKERS: '1' });
    port = (await server.sangdam.startSmtp())!;
    const { cookie } = await server.login('agent1@sangdam.local');
    ({ client: agent } = await server.agentSocket(cookie));
    ok(await agent.send('presence:set', { state: 'available' }));
  });
  afterEach(() => server.close());

  const smtp = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });

  it('stores a mail to the support address before 250 and offers it to an agent, card data masked', async () => {
    const sent = await smtp().sendMail({
      from: '"김하나" <hana@example.com>',
      to: 'support@sangdam.local',
      subject: `카드 ${PAN} 결제 확인 부탁드립니다`,
      text: `안녕하세요, 카드 ${PAN} 로 결제했는데 배송이 늦어요.`,
      html: `<p>안녕하세요, 카드 <b>${PAN}</b> 로 결제했는데 배송이 늦어요.</p>`,
    });
    expect(sent.response).toMatch(/^250/);
    // Stored before the answer: the row is there the moment 250 arrived.
    const stored = await server.sangdam.database.db
      .selectFrom('emailMessages')
      .selectAll()
      .where('messageId', '=', sent.messageId.replace(/[<>]/g, ''))
      .executeTakeFirstOrThrow();
    expect(stored.fromAddress).toBe('hana@example.com');
    expect(Object.entries(stored).filter(([, v]) => JSON.stringify(v)?.includes(PAN))).toEqual([]);
    expect(stored.text).toContain('배송이 늦어요');

    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    expect(offer).toMatchObject({
      channel: 'email',
      customer: { name: '김하나', email: 'hana@example.com' },
      queue: { name: 'Email support' },
    });
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    const { events } = ok(
      await agent.send<{ events: InteractionEvent[] }>('interaction:sync', {
        interactionId: interaction.id,
        afterSeq: 0,
      }),
    );
    const received = events.find((e) => e.type === 'email.received');
    expect(received).toBeDefined();
    expect(JSON.stringify(events)).not.toContain(PAN);
  });

  it('takes mail to a +tagged support address and refuses unknown recipients with 550', async () => {
    const tagged = await smtp().sendMail({
      from: 'hana@example.com',
      to: 'support+abc123@sangdam.local',
      subject: 'tagged',
      text: 'hello',
    });
    expect(tagged.response).toMatch(/^250/);
    await expect(
      smtp().sendMail({ from: 'hana@example.com', to: 'nobody@sangdam.local', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('sends the same mail twice and stores it once', async () => {
    const mail = {
      from: 'hana@example.com',
      to: 'support@sangdam.local',
      subject: 'twice',
      text: 'the client retried',
      messageId: '<retry-1@example.com>',
    };
    expect((await smtp().sendMail(mail)).response).toMatch(/^250/);
    expect((await smtp().sendMail(mail)).response).toMatch(/^250/);
    const rows = await server.sangdam.database.db
      .selectFrom('emailMessages')
      .select('id')
      .where('messageId', '=', 'retry-1@example.com')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('screens a large mail in a worker thread: card data masked, the photo stored whole', async () => {
    const photo = randomBytes(200 * 1024);
    const sent = await smtp().sendMail({
      from: 'hana@example.com',
      to: 'support@sangdam.local',
      subject: 'a photo',
      text: `a photo, card ${PAN}`,
      attachments: [{ filename: 'photo.jpg', content: photo }],
    });
    expect(sent.response).toMatch(/^250/);
    const stored = await server.sangdam.database.db
      .selectFrom('emailMessages')
      .select('text')
      .where('subject', '=', 'a photo')
      .executeTakeFirstOrThrow();
    expect(stored.text).toContain('a photo, card ************1111');
    const files = await server.sangdam.database.db
      .selectFrom('attachments')
      .select('size')
      .execute();
    expect(files.map((file) => Number(file.size))).toEqual([photo.byteLength]);
  });

  it('answers 451 to a mail its worker thread ran out of time on, stores none of it, and takes the next', async () => {
    // A node whose worker threads have 100 ms per mail: parsing 40 MB of base64 takes ~1–2 s
    // (never near 100 ms); a short mail is screened on the main thread, which has no limit.
    const hurried = await startTestServer(engine, {
      SMTP_PORT: '0',
      MAIL_WORKERS: '1',
      MAIL_WORKER_TIMEOUT_MS: '100',
    });
    try {
      const hurriedPort = (await hurried.sangdam.startSmtp())!;
      const hurriedSmtp = nodemailer.createTransport({
        host: '127.0.0.1',
        port: hurriedPort,
        secure: false,
        ignoreTLS: true,
      });
      await expect(
        hurriedSmtp.sendMail({
          from: 'hana@example.com',
          to: 'support@sangdam.local',
          subject: 'scan',
          text: 'the scan',
          attachments: [{ filename: 'scan.jpg', content: randomBytes(30 * 1024 * 1024) }],
        }),
      ).rejects.toMatchObject({ responseCode: 451 });
      const next = await hurriedSmtp.sendMail({
        from: 'hana@example.com',
        to: 'support@sangdam.local',
        subject: 'after the scan',
        text: 'sent again smaller',
      });
      expect(next.response).toMatch(/^250/);
      const rows = await hurried.sangdam.database.db
        .selectFrom('emailMessages')
        .select('subject')
        .where('direction', '=', 'in')
        .execute();
      expect(rows.map((row) => row.subject)).toEqual(['after the scan']);
      const files = await hurried.sangdam.database.db
        .selectFrom('attachments')
        .select('id')
        .execute();
      expect(files).toEqual([]);
    } finally {
      await hurried.close();
    }
  });
});
