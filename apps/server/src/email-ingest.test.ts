import type { InteractionEvent, Interaction, Offer } from '@sangdam/contracts';
import type { MailOrigin, ParsedMail } from '@sangdam/mail';
import { DatabaseBlobStore } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromAddress, parsedMail, smtpOrigin } from '../test/mail.ts';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { ingestMail } from './services/email/ingest.ts';

/**
 * Mail in (R-EM-1, issue 11): the sink stores each mail once, threads it to the customer's
 * contact, and queues new contacts on their address's queue, routed like chats (both engines).
 */
/**
 * Statements storing a new mail costs, its blob included (issue 11: 15 before the throughput
 * work, 11 before mails opening contacts were written a batch at a time); on PostgreSQL one of
 * them is the fan-out's notification, sent inside the transaction since mail is group-committed
 * (once per batch: a lone mail pays it alone). The batch's statements do not grow with its size.
 */
const STATEMENTS_PER_NEW_MAIL = 6;

describe.each(engines)('email in on %s', (engine) => {
  let server: TestServer;
  let agent: RecordingClient;

  beforeEach(async () => {
    server = await startTestServer(engine);
    const { cookie } = await server.login('agent1@sangdam.local');
    ({ client: agent } = await server.agentSocket(cookie));
    ok(await agent.send('presence:set', { state: 'available' }));
  });
  afterEach(() => server.close());

  const db = () => server.sangdam.database.db;
  const ingest = (mail: ParsedMail, origin: MailOrigin = smtpOrigin(), raw?: Uint8Array) =>
    ingestMail(server.sangdam.deps, mail, origin, raw);
  const emailContacts = () =>
    db()
      .selectFrom('interactions')
      .select(['id', 'status', 'customerId', 'previousInteractionId', 'emailReplyToken'])
      .where('channel', '=', 'email')
      .orderBy('createdAt')
      .execute();
  const eventsOf = async (interactionId: string) =>
    ok(
      await agent.send<{ events: InteractionEvent[] }>('interaction:sync', {
        interactionId,
        afterSeq: 0,
      }),
    ).events;

  /** Ingests a first mail and has agent1 accept the contact it opens. */
  async function acceptedContact(mail = parsedMail()) {
    expect(await ingest(mail)).toEqual({ status: 'stored' });
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    return { mail, offer, interaction };
  }

  it('stores a mail that opens a contact in six statements, its blob included', async () => {
    // Every statement the use case sends (routing, asked for after commit, runs on its own).
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: (args) => {
        statements += 1;
        return Promise.resolve(args.result);
      },
    };
    const counted = db().withPlugin(counting);
    const deps = { ...server.sangdam.deps, db: counted, blobs: new DatabaseBlobStore(counted) };
    // The first mail reads what a node keeps (the addresses, the channel's policies).
    expect(await ingestMail(deps, parsedMail(), smtpOrigin())).toEqual({ status: 'stored' });
    statements = 0;
    const mail = parsedMail({ from: fromAddress('minji@example.kr', 'Minji Park') });
    expect(await ingestMail(deps, mail, smtpOrigin())).toEqual({ status: 'stored' });
    expect(statements).toBeLessThanOrEqual(STATEMENTS_PER_NEW_MAIL);
    expect(await agent.next<Offer>('offer:new', (o) => o.channel === 'email')).toBeTruthy();
  });

  it('offers a new mail on its address’s queue with the time since it was received', async () => {
    const before = Date.now();
    const mail = parsedMail();
    expect(await ingest(mail)).toEqual({ status: 'stored' });
    const after = Date.now();
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    expect(offer).toMatchObject({
      kind: 'route',
      channel: 'email',
      customer: { name: 'Hana Kim', email: 'hana@example.com' },
      queue: { name: 'Email support', channel: 'email' },
    });
    const received = Date.parse(offer.waitingSince);
    expect(received).toBeGreaterThanOrEqual(before - 1);
    expect(received).toBeLessThanOrEqual(after + 1);
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const events = await eventsOf(offer.interactionId);
    expect(events.map((e) => e.type)).toEqual(['email.received', 'queued', 'agent.joined']);
    expect(events[0]).toMatchObject({
      email: {
        from: { address: 'hana@example.com', name: 'Hana Kim' },
        subject: mail.subject,
        text: mail.text,
        textTruncated: false,
      },
      kind: 'personal',
    });
  });

  it('stores the same Message-ID once, even when it arrives twice at once', async () => {
    const mail = parsedMail();
    const outcomes = await Promise.all([ingest(mail), ingest({ ...mail, subject: 'again' })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'stored']);
    expect(await ingest(mail)).toEqual({ status: 'duplicate' });
    const stored = await db()
      .selectFrom('emailMessages')
      .select('id')
      .where('messageId', '=', mail.messageId!)
      .execute();
    expect(stored).toHaveLength(1);
    expect(await emailContacts()).toHaveLength(1);
  });

  // How batches form is services/group-commit.test.ts's (deterministic there; here the mails'
  // own work before their batch decides, which a loaded machine spreads out).
  it('stores mails that arrive together, each acknowledged after its batch commits', async () => {
    await ingest(parsedMail()); // the node's caches read
    const mails = Array.from({ length: 8 }, (_, i) =>
      parsedMail({ from: fromAddress(`together${i}@example.com`) }),
    );
    const outcomes = await Promise.all(mails.map((mail) => ingest(mail)));
    expect(outcomes).toEqual(mails.map(() => ({ status: 'stored' })));
    expect(await emailContacts()).toHaveLength(9);
  });

  it('stores mails arriving together as it would one at a time: one sender twice, one Message-ID twice, a follow-up, a file', async () => {
    const earlier = parsedMail({ from: fromAddress('old@example.com', 'Old Customer') });
    const { interaction: ended } = await acceptedContact(earlier);
    ok(await agent.send('interaction:end', { interactionId: ended.id }));
    const photo = {
      fileName: 'receipt.png',
      contentType: 'image/png',
      contentId: undefined,
      disposition: 'attachment' as const,
      content: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]),
    };
    const minji = fromAddress('minji@example.kr', 'Minji Park');
    const twice = 'twice@mail.customer.example';
    const mails = [
      parsedMail({ from: minji, attachments: [photo] }),
      parsedMail({ from: minji, subject: 'And another question' }),
      parsedMail({ from: fromAddress('jun@example.com'), messageId: twice }),
      parsedMail({ from: fromAddress('sora@example.com'), messageId: twice }),
      parsedMail({ from: fromAddress('old@example.com'), inReplyTo: [earlier.messageId!] }),
    ];
    const outcomes = await Promise.all(mails.map((mail) => ingest(mail)));
    expect(outcomes.filter((outcome) => outcome.status === 'duplicate')).toHaveLength(1);
    const rows = await db()
      .selectFrom('emailMessages as m')
      .innerJoin('interactions as i', 'i.id', 'm.interactionId')
      .innerJoin('customers as c', 'c.id', 'i.customerId')
      .select(['m.id', 'm.messageId', 'm.interactionId', 'i.previousInteractionId', 'c.email'])
      .select(['i.customerId', 'i.lastSeq'])
      .where('m.direction', '=', 'in')
      .execute();
    const of = (mail: ParsedMail) => rows.find((row) => row.messageId === mail.messageId)!;
    const [photoMail, secondMail] = [of(mails[0]!), of(mails[1]!)];
    // One customer for one address, whichever of the two mails came first.
    expect(secondMail.interactionId).not.toBe(photoMail.interactionId);
    expect(secondMail.customerId).toBe(photoMail.customerId);
    const customers = await db()
      .selectFrom('customers')
      .select('id')
      .where('email', '=', 'minji@example.kr')
      .execute();
    expect(customers).toHaveLength(1);
    expect(rows.filter((row) => row.messageId === twice)).toHaveLength(1);
    expect(of(mails[4]!)).toMatchObject({
      previousInteractionId: ended.id,
      email: 'old@example.com',
    });
    const events = await db()
      .selectFrom('interactionEvents')
      .select(['seq', 'type'])
      .where('interactionId', '=', photoMail.interactionId!)
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { seq: 1, type: 'email.received' },
      { seq: 2, type: 'queued' },
    ]);
    expect(photoMail.lastSeq).toBe(2);
    const files = await db()
      .selectFrom('attachments')
      .select(['originalName', 'eventSeq', 'emailMessageId', 'interactionId'])
      .where('emailMessageId', '=', photoMail.id)
      .execute();
    expect(files).toEqual([
      {
        originalName: 'receipt.png',
        eventSeq: 1,
        emailMessageId: photoMail.id,
        interactionId: photoMail.interactionId,
      },
    ]);
  });

  it('fails a mail the database refuses alone; the others of its batch are stored', async () => {
    await ingest(parsedMail());
    const mails = Array.from({ length: 6 }, (_, i) =>
      parsedMail({
        from: fromAddress(`batch${i}@example.com`),
        // PostgreSQL takes no NUL in text: this one's insert fails.
        ...(i === 3 && { subject: 'poisoned \u0000 subject' }),
      }),
    );
    const outcomes = await Promise.allSettled(mails.map((mail) => ingest(mail)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const stored = await db()
      .selectFrom('emailMessages')
      .select('messageId')
      .where(
        'messageId',
        'in',
        mails.map((mail) => mail.messageId!),
      )
      .execute();
    expect(stored.map((row) => row.messageId).sort()).toEqual(
      mails
        .filter((_, i) => i !== 3)
        .map((mail) => mail.messageId!)
        .sort(),
    );
    expect(await emailContacts()).toHaveLength(6);
    // Nothing of it was stored: its sender's retry is not a duplicate, it fails again.
    expect(await ingest(mails[3]!).catch((error: unknown) => error)).toBeInstanceOf(Error);
  });

  it('keeps storing mail after many in a row (the insert as a prepared generic plan)', async () => {
    // PGlite prepares each statement once; after five runs PostgreSQL plans it generically, and
    // an ON CONFLICT whose index predicate was a parameter no longer found the index.
    for (let i = 0; i < 8; i++) {
      const mail = parsedMail({ from: fromAddress(`customer${i}@example.com`) });
      expect(await ingest(mail)).toEqual({ status: 'stored' });
      expect(await ingest(mail)).toEqual({ status: 'duplicate' });
    }
  });

  it('makes up the same Message-ID for the same bytes of a mail that has none', async () => {
    const raw = new TextEncoder().encode('From: hana@example.com\r\nSubject: no id\r\n\r\nhi\r\n');
    const mail = parsedMail({ messageId: undefined, subject: 'no id' });
    expect(await ingest(mail, smtpOrigin(), raw)).toEqual({ status: 'stored' });
    expect(await ingest(mail, smtpOrigin(), raw)).toEqual({ status: 'duplicate' });
    const other = new TextEncoder().encode(
      'From: hana@example.com\r\nSubject: no id\r\n\r\nbye\r\n',
    );
    expect(await ingest(mail, smtpOrigin(), other)).toEqual({ status: 'stored' });
  });

  it('stores an IMAP message once per mailbox, UIDVALIDITY and UID', async () => {
    const { id: mailboxId } = await db()
      .selectFrom('emailAddresses')
      .select('id')
      .where('address', '=', 'support@sangdam.local')
      .executeTakeFirstOrThrow();
    const origin: MailOrigin = {
      kind: 'imap',
      mailboxId,
      folder: 'INBOX',
      uidValidity: 7n,
      uid: 42,
    };
    expect(await ingest(parsedMail(), origin)).toEqual({ status: 'stored' });
    // The same UID again (a re-delivery after a dropped connection), whatever its Message-ID.
    expect(await ingest(parsedMail(), origin)).toEqual({ status: 'duplicate' });
    expect(await ingest(parsedMail(), { ...origin, uidValidity: 8n })).toEqual({
      status: 'stored',
    });
    // Two stored mails, neither a reply: two contacts; the re-delivered UID made none.
    expect(await emailContacts()).toHaveLength(2);
  });

  it('refuses mail for an address the organisation does not have', async () => {
    const mail = parsedMail({ to: [fromAddress('nobody@elsewhere.example')] });
    expect(await ingest(mail, smtpOrigin(['nobody@elsewhere.example']))).toMatchObject({
      status: 'refused',
      code: 550,
    });
    expect(await emailContacts()).toHaveLength(0);
  });

  it('appends a reply to the open contact and tells its agent', async () => {
    const { mail, interaction } = await acceptedContact();
    const reply = parsedMail({
      inReplyTo: [mail.messageId!],
      references: [mail.messageId!],
      subject: 'Re: Order 1042 has not arrived',
      text: 'Any news?',
    });
    expect(await ingest(reply)).toEqual({ status: 'stored' });
    const pushed = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.received' && e.interactionId === interaction.id && e.seq > 3,
    );
    expect(pushed).toMatchObject({ email: { text: 'Any news?' } });
    expect(await emailContacts()).toHaveLength(1);
  });

  it('opens a new contact linked to an ended one the customer answers', async () => {
    const { mail, interaction } = await acceptedContact();
    ok(await agent.send('interaction:end', { interactionId: interaction.id }));
    const reply = parsedMail({ inReplyTo: [mail.messageId!], text: 'It came broken' });
    expect(await ingest(reply)).toEqual({ status: 'stored' });
    const offer = await agent.next<Offer>(
      'offer:new',
      (o) => o.channel === 'email' && o.interactionId !== interaction.id,
    );
    const contacts = await emailContacts();
    expect(contacts).toHaveLength(2);
    expect(contacts[1]).toMatchObject({
      id: offer.interactionId,
      previousInteractionId: interaction.id,
      customerId: contacts[0]!.customerId,
    });
    ok(await agent.send('offer:accept', { offerId: offer.id }));
    const [received] = await eventsOf(offer.interactionId);
    expect(received).toMatchObject({ type: 'email.received', followUpOf: interaction.id });
  });

  it('never opens a contact for an auto-reply, and keeps it with an open one', async () => {
    const outOfOffice = parsedMail({ kind: 'auto-reply', subject: 'Out of office' });
    expect(await ingest(outOfOffice)).toEqual({ status: 'stored' });
    expect(await emailContacts()).toHaveLength(0);

    const { mail, interaction } = await acceptedContact();
    const autoAnswer = parsedMail({ kind: 'auto-reply', inReplyTo: [mail.messageId!] });
    expect(await ingest(autoAnswer)).toEqual({ status: 'stored' });
    const pushed = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'email.received' && e.kind === 'auto-reply',
    );
    expect(pushed.interactionId).toBe(interaction.id);
    expect(await emailContacts()).toHaveLength(1);
  });

  it('matches the customer across chat and email by address', async () => {
    const chat = await server.startChat('Hana Kim', 'hana@example.com');
    const mail = parsedMail({ from: fromAddress('Hana@Example.COM', 'H. Kim') });
    expect(await ingest(mail)).toEqual({ status: 'stored' });
    const [contact] = await emailContacts();
    expect(contact!.customerId).toBe(chat.customer.id);
  });

  it('keeps two people answering one newsletter apart', async () => {
    const newsletter = 'newsletter-2026-11@news.sangdam.local';
    expect(await ingest(parsedMail({ inReplyTo: [newsletter] }))).toEqual({ status: 'stored' });
    const minho = parsedMail({
      from: fromAddress('minho@example.net', 'Minho'),
      inReplyTo: [newsletter],
      references: [newsletter],
    });
    expect(await ingest(minho)).toEqual({ status: 'stored' });
    const contacts = await emailContacts();
    expect(contacts).toHaveLength(2);
    expect(contacts[0]!.customerId).not.toBe(contacts[1]!.customerId);
  });

  it('masks card data that reaches the sink before storing it', async () => {
    const pan = '4111 1111 1111 1111';
    const mail = parsedMail({
      subject: `card ${pan}`,
      text: `my card is ${pan}`,
      html: `<p>${pan}</p>`,
    });
    expect(await ingest(mail)).toEqual({ status: 'stored' });
    const stored = await db()
      .selectFrom('emailMessages')
      .select(['subject', 'text', 'html'])
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('4111');
    const events = await db().selectFrom('interactionEvents').select('body').execute();
    expect(JSON.stringify(events)).not.toContain('4111');
  });
});
