import type { AdminQueue } from '@sangdam/contracts';
import { dovecotInstalled, startDovecot, type Dovecot } from '@sangdam/mail/test/dovecot.ts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wherePanIs } from '../test/pan-search.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';

/** A Visa test number: whichever way a mail comes in, it is never at rest (R-PCI-4). */
const PAN = '4111111111111111';
const SPACED = '4111 1111 1111 1111';

/** A customer's mail with the card number in the subject, text, HTML, a header and two files. */
function message(messageId: string) {
  return {
    from: { name: '김하나', address: 'hana@example.com' },
    to: 'support@sangdam.local',
    subject: `카드 ${PAN} 결제 확인`,
    messageId: `<${messageId}>`,
    text: `카드 번호는 ${SPACED} 입니다.`,
    html: `<p>카드 <b>${SPACED}</b></p>`,
    headers: { 'X-Card': PAN },
    attachments: [
      { filename: 'card.txt', content: `card ${PAN}\n`, contentType: 'text/plain' },
      { filename: `receipt ${PAN}.txt`, content: 'paid\n', contentType: 'text/plain' },
    ],
  };
}

/** The mail was stored; then nothing anywhere holds the card number. */
async function expectStoredWithoutPan(server: TestServer, messageId: string) {
  const db = server.sangdam.database.db;
  await expect
    .poll(
      async () =>
        (
          await db
            .selectFrom('emailMessages')
            .select('id')
            .where('messageId', '=', messageId)
            .execute()
        ).length,
      { timeout: 20_000 },
    )
    .toBe(1);
  const files = await db.selectFrom('attachments').select('originalName').execute();
  expect(files).toHaveLength(1);
  expect(await wherePanIs(db, PAN, { store: server.sangdam.deps.blobs })).toEqual([]);
}

/**
 * Every path a mail comes in by — the SMTP receiver, an IMAP mailbox, the demo page (which sends
 * over SMTP to the node's own receiver) — goes through the one screening step: no card number
 * reaches the database or the blob store (both engines).
 */
describe.each(engines)(
  'card data in mail from every source on %s',
  { timeout: 90_000 },
  (engine) => {
    let server: TestServer;
    afterEach(() => server.close());

    it('over SMTP', async () => {
      server = await startTestServer(engine, { SMTP_PORT: '0' });
      const port = (await server.sangdam.startSmtp())!;
      const messageId = `${crypto.randomUUID()}@example.com`;
      const sent = await nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
        .sendMail(message(messageId));
      expect(sent.response).toMatch(/^250/);
      await expectStoredWithoutPan(server, messageId);
    });

    it('from the demo page', async () => {
      server = await startTestServer(engine, { SMTP_PORT: '0' });
      await server.sangdam.startSmtp();
      const response = await server.request('/api/v1/demo/email/messages', {
        method: 'POST',
        json: {
          to: 'support@sangdam.local',
          name: 'Hana',
          email: 'hana@example.com',
          subject: `카드 ${PAN}`,
          text: `카드 번호는 ${SPACED} 입니다.`,
        },
      });
      expect(response.status).toBe(201);
      const { messageId } = (await response.json()) as { messageId: string };
      const db = server.sangdam.database.db;
      expect(
        await db
          .selectFrom('emailMessages')
          .select('id')
          .where('messageId', '=', messageId)
          .execute(),
      ).toHaveLength(1);
      expect(await wherePanIs(db, PAN, { store: server.sangdam.deps.blobs })).toEqual([]);
    });

    describe.skipIf(!dovecotInstalled)('from an IMAP mailbox', () => {
      let dovecot: Dovecot;
      beforeAll(async () => {
        dovecot = await startDovecot();
      }, 30_000);
      afterAll(() => dovecot?.stop());

      it('from an IMAP mailbox', { timeout: 60_000 }, async () => {
        server = await startTestServer(
          engine,
          { MAIL_SECRET_KEY: 'test-mail-secret-key-of-at-least-32-chars' },
          {
            imap: {
              rescanEveryMs: 200,
              source: {
                pollIntervalMs: 500,
                retryDelayMs: 200,
                reconnectDelayMs: { initial: 100, max: 500 },
              },
            },
          },
        );
        const user = `pan-${engine}`;
        await dovecot.addUser(user, 'imap-secret-pw');
        const { cookie, session } = await server.login('admin@sangdam.local');
        const headers = { cookie, 'x-csrf-token': session.csrfToken };
        const { queues } = (await (
          await server.request('/api/v1/admin/queues', { headers })
        ).json()) as {
          queues: AdminQueue[];
        };
        const added = await server.request('/api/v1/admin/email-addresses', {
          method: 'POST',
          headers,
          json: {
            address: `help-${engine}@shop.example`,
            displayName: 'Shop help',
            queueId: queues.find((q) => q.channel === 'email')!.id,
            imap: {
              host: dovecot.host,
              port: dovecot.imapPort,
              tls: false,
              user,
              password: 'imap-secret-pw',
              folder: 'INBOX',
            },
          },
        });
        expect(added.status).toBe(201);
        const messageId = `${crypto.randomUUID()}@example.com`;
        const raw = await new MailComposer({
          ...message(messageId),
          to: `help-${engine}@shop.example`,
        })
          .compile()
          .build();
        await dovecot.deliver(user, raw);
        await expectStoredWithoutPan(server, messageId);
      });
    });
  },
);
