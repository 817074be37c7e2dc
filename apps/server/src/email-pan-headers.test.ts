import type { ErrorBody, Interaction, Offer } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { wherePanIs } from '../test/pan-search.ts';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';

/** A Visa test number, as a mail's headers may carry it (R-PCI-4: never at rest, never logged). */
const PAN = '4111111111111111';
const SPACED = '4111 1111 1111 1111';

/** A mail with exactly these header lines, sent over SMTP to the node's own receiver. */
async function send(port: number, from: string, headers: string[], text: string) {
  const raw = [...headers, 'To: support@sangdam.local', 'MIME-Version: 1.0', '', text, ''].join(
    '\r\n',
  );
  const sent = await nodemailer
    .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
    .sendMail({ envelope: { from, to: ['support@sangdam.local'] }, raw });
  expect(sent.response).toMatch(/^250/);
}

/**
 * Card data in a received mail's headers (R-PCI-4) through the real SMTP receiver: Message-ID,
 * In-Reply-To and References are masked before they are stored and before they are looked up
 * (threading still works), display names and addresses are masked, the kept original is the
 * masked one, and a customer address that held a number cannot be replied to (both engines).
 */
describe.each(engines)('card data in mail headers on %s', { timeout: 60_000 }, (engine) => {
  let server: TestServer;
  let logged = '';
  afterEach(() => server.close());

  async function start() {
    const logs = new PassThrough();
    logged = '';
    logs.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    server = await startTestServer(
      engine,
      { SMTP_PORT: '0' },
      { logger: pino({ level: 'trace' }, logs) },
    );
    return (await server.sangdam.startSmtp())!;
  }

  const stored = (messageId: string) =>
    server.sangdam.database.db
      .selectFrom('emailMessages')
      .select(['id', 'interactionId', 'fromAddress', 'fromName'])
      .where('messageId', '=', messageId)
      .executeTakeFirst();

  async function expectNoPanAtRest() {
    const db = server.sangdam.database.db;
    expect(await wherePanIs(db, PAN, { store: server.sangdam.deps.blobs })).toEqual([]);
    expect(logged).not.toMatch(/4111[^0-9]{0,3}1111[^0-9]{0,3}1111[^0-9]{0,3}1111/);
  }

  it('threads a reply whose References carry a card-number-looking Message-ID onto its contact, and keeps the number nowhere', async () => {
    const port = await start();
    // Letters only beside the number: the masked id is known (each test has a database of its own).
    const first = `${PAN}@mail.example.com`;
    await send(
      port,
      'hana@example.com',
      [
        `From: "Hana ${SPACED}" <hana@example.com>`,
        `Cc: "Card" <${PAN}@example.com>`,
        `Message-ID: <${first}>`,
        'Subject: Where is my order?',
      ],
      'It has not arrived yet.',
    );
    const maskedFirst = '************1111@mail.example.com';
    // 250 came after the commit: the mail is there now.
    const opened = (await stored(maskedFirst))!;
    expect(opened.interactionId).not.toBeNull();
    expect(opened.fromName).toBe('Hana **** **** **** 1111');

    // Her answer names the first mail only by its id: no reply token, a new subject.
    const second = `answer-from-hana@mail.example.com`;
    await send(
      port,
      'hana@example.com',
      [
        'From: Hana <hana@example.com>',
        `Message-ID: <${second}>`,
        `In-Reply-To: <${first}>`,
        `References: <${first}>`,
        'Subject: One more thing',
      ],
      'And the invoice, please.',
    );
    expect((await stored(second))?.interactionId).toBe(opened.interactionId);
    await expectNoPanAtRest();
  });

  it('stores an address holding a card number masked, and refuses a reply to it with a reason', async () => {
    const port = await start();
    const { cookie, session } = await server.login('agent1@sangdam.local');
    const { client: agent } = await server.agentSocket(cookie);
    ok(await agent.send('presence:set', { state: 'available' }));
    const id = `${crypto.randomUUID()}@example.com`;
    await send(
      port,
      `${PAN}@example.com`,
      [`From: <${PAN}@example.com>`, `Message-ID: <${id}>`, 'Subject: Refund'],
      'Please refund me.',
    );
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    expect((await stored(id))!.fromAddress).toBe('************1111@example.com');

    const headers = { cookie, 'x-csrf-token': session.csrfToken };
    const path = `/api/v1/interactions/${interaction.id}`;
    for (const response of [
      await server.request(`${path}/email-compose`, { headers }),
      await server.request(`${path}/email-replies`, {
        method: 'POST',
        headers,
        json: { clientMessageId: crypto.randomUUID(), mode: 'quick', text: 'Done.' },
      }),
    ]) {
      expect(response.status).toBe(409);
      const body = (await response.json()) as ErrorBody;
      expect(body.code).toBe('EMAIL_RECIPIENT_MASKED');
      expect(body.message).toMatch(/card number/);
    }
    expect(
      await server.sangdam.database.db
        .selectFrom('emailMessages')
        .select('id')
        .where('direction', '=', 'out')
        .execute(),
    ).toEqual([]);
    await expectNoPanAtRest();
  });
});
