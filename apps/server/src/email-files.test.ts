import type { EmailMessage, InteractionEvent, Interaction, Offer } from '@sangdam/contracts';
import type { MailOrigin } from '@sangdam/mail';
import { FolderBlobStore } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { sql } from 'kysely';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { smtpOrigin } from '../test/mail.ts';
import { wherePanIs } from '../test/pan-search.ts';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { EMAIL_POLICY_FRESH_MS, mailSink } from './services/email/ingest.ts';

/** A Visa test number: it must never be at rest anywhere (R-PCI-4). */
const PAN = '4111111111111111';
const SPACED = '4111 1111 1111 1111';
const MB = 1024 * 1024;
/** A 1×1 PNG: a type the scanner cannot read (kept, verdict `unreadable`). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface File {
  filename: string;
  content: Buffer;
  contentType: string;
  cid?: string;
}

/** A mail as a customer's client sends it, raw. */
async function rawMail(fields: {
  messageId?: string;
  subject?: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: File[];
}): Promise<{ raw: Buffer; messageId: string }> {
  const messageId = fields.messageId ?? `${crypto.randomUUID()}@mail.customer.example`;
  const raw = await new MailComposer({
    from: { name: 'Hana Kim', address: 'hana@example.com' },
    to: 'support@sangdam.local',
    subject: fields.subject ?? 'The invoice',
    messageId: `<${messageId}>`,
    text: fields.text ?? 'Please see the files.',
    html: fields.html,
    headers: fields.headers,
    attachments: fields.attachments,
  })
    .compile()
    .build();
  return { raw, messageId };
}

const notes: File = {
  filename: 'notes.txt',
  content: Buffer.from('Deliver after 6 pm, please.\n'),
  contentType: 'text/plain',
};
const logo: File = {
  filename: 'logo.png',
  content: PNG,
  contentType: 'image/png',
  cid: 'logo@shop',
};

/**
 * The files of received mail (issue 11): kept attachments and inline images in the blob store,
 * downloaded with the contact's rights; what was dropped told to the agent; the redacted raw
 * message for "View original"; and no card number at rest anywhere (both engines).
 */
describe.each(engines)('files of received mail on %s', { timeout: 90_000 }, (engine) => {
  let server: TestServer;
  let agent: RecordingClient;
  let cookie: string;
  let offsetMs = 0;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    offsetMs = 0;
    await server.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start(options: Parameters<typeof startTestServer>[2] = {}) {
    server = await startTestServer(
      engine,
      {},
      { clock: () => new Date(Date.now() + offsetMs), ...options },
    );
    ({ cookie } = await server.login('agent1@sangdam.local'));
    ({ client: agent } = await server.agentSocket(cookie));
    ok(await agent.send('presence:set', { state: 'available' }));
  }

  const db = () => server.sangdam.database.db;
  const deliver = (raw: Buffer, origin: MailOrigin = smtpOrigin()) =>
    mailSink(server.sangdam.deps)({ origin, raw });
  const get = (path: string, as = cookie) => server.request(path, { headers: { cookie: as } });

  /** Delivers a mail that opens a contact and has agent1 accept it. */
  async function accepted(raw: Buffer) {
    expect(await deliver(raw)).toEqual({ status: 'stored' });
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    const { events } = ok(
      await agent.send<{ events: InteractionEvent[] }>('interaction:sync', {
        interactionId: interaction.id,
        afterSeq: 0,
      }),
    );
    const received = events.find(
      (e): e is Extract<InteractionEvent, { type: 'email.received' }> =>
        e.type === 'email.received',
    )!;
    const emails = (
      (await (await get(`/api/v1/interactions/${interaction.id}/emails`)).json()) as {
        emails: EmailMessage[];
      }
    ).emails;
    return {
      interaction,
      received,
      emails,
    };
  }

  async function setEmailAttachments(policy: { enabled: boolean; totalLimitBytes?: number }) {
    const { cookie: admin, session } = await server.login('admin@sangdam.local');
    const current = await db()
      .selectFrom('channelSettings')
      .select([
        'offerTimeoutSeconds',
        'attachmentExtensions',
        'attachmentMaxFiles',
        'attachmentTotalLimitBytes',
      ])
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const response = await server.request('/api/v1/admin/channels/email', {
      method: 'PUT',
      headers: { cookie: admin, 'x-csrf-token': session.csrfToken },
      json: {
        offerTimeoutSeconds: current.offerTimeoutSeconds,
        attachments: {
          enabled: policy.enabled,
          extensions: [...current.attachmentExtensions, 'png'],
          maxFiles: current.attachmentMaxFiles,
          totalLimitBytes: policy.totalLimitBytes ?? Number(current.attachmentTotalLimitBytes),
        },
      },
    });
    expect(response.status).toBe(200);
  }

  it('keeps attachments and inline images, downloaded with the contact’s rights', async () => {
    await start();
    const { raw } = await rawMail({
      html: '<p>Our logo: <img src="cid:logo@shop"></p>',
      attachments: [notes, logo],
    });
    const { interaction, received, emails } = await accepted(raw);
    const byName = (list: { name: string }[]) =>
      [...list].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(emails[0]!.attachments)).toMatchObject([
      {
        name: 'logo.png',
        size: PNG.length,
        contentType: 'image/png',
        inline: true,
        contentId: 'logo@shop',
      },
      {
        name: 'notes.txt',
        size: notes.content.length,
        contentType: 'text/plain',
        inline: false,
        contentId: null,
      },
    ]);
    expect(emails[0]!.dropped).toEqual([]);
    expect(emails[0]!.html).toContain('cid:logo@shop');
    expect(byName(received.attachments!)).toEqual(byName(emails[0]!.attachments));
    expect(received.dropped).toBeUndefined();

    const notesId = emails[0]!.attachments.find((a) => a.name === 'notes.txt')!.id;
    const download = await get(`/api/v1/interactions/${interaction.id}/attachments/${notesId}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="notes.txt"/,
    );
    expect(Buffer.from(await download.arrayBuffer())).toEqual(notes.content);
    const logoId = emails[0]!.attachments.find((a) => a.inline)!.id;
    const image = await get(`/api/v1/interactions/${interaction.id}/attachments/${logoId}`);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);

    // An agent who is not in the contact reads neither the files nor the original.
    const { cookie: other } = await server.login('agent2@sangdam.local');
    const refused = await get(
      `/api/v1/interactions/${interaction.id}/attachments/${notesId}`,
      other,
    );
    expect(refused.status).toBe(403);
    const raw2 = await get(
      `/api/v1/interactions/${interaction.id}/emails/${emails[0]!.id}/raw`,
      other,
    );
    expect(raw2.status).toBe(403);
  });

  it('tells the agent what was dropped and why: over the size limit, card data', async () => {
    await start();
    await setEmailAttachments({ enabled: true, totalLimitBytes: 1 * MB });
    const big: File = {
      filename: 'scan.pdf',
      content: Buffer.alloc(2 * MB, 0x25),
      contentType: 'application/pdf',
    };
    const card: File = {
      filename: 'card.txt',
      content: Buffer.from(`my card: ${PAN}\n`),
      contentType: 'text/plain',
    };
    const { raw } = await rawMail({ attachments: [big, card, notes] });
    const { received, emails } = await accepted(raw);
    const dropped = [
      { name: 'scan.pdf', size: 2 * MB, reason: 'too-large' },
      { name: 'card.txt', size: card.content.length, reason: 'card-data' },
    ];
    expect(received.dropped).toEqual(dropped);
    expect(emails[0]!.dropped).toEqual(dropped);
    expect(emails[0]!.attachments.map((a) => a.name)).toEqual(['notes.txt']);
    expect(received.attachments!.map((a) => a.name)).toEqual(['notes.txt']);
  });

  it('shows the original as received with card data masked (View original)', async () => {
    await start();
    const { raw, messageId } = await rawMail({
      subject: `Payment with ${PAN}`,
      text: `Card ${SPACED}, order 1042.`,
      headers: { 'X-Order-Note': 'gift wrap' },
    });
    const { interaction, emails } = await accepted(raw);
    const path = `/api/v1/interactions/${interaction.id}/emails/${emails[0]!.id}/raw`;
    expect(emails[0]!.hasRaw).toBe(true);
    const shown = await get(path);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(shown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(shown.headers.get('content-disposition')).toBe('inline; filename="message.eml"');
    const text = await shown.text();
    expect(text).toContain(`Message-ID: <${messageId}>`);
    expect(text).toMatch(/^X-Order-Note: gift wrap/m);
    expect(text).toMatch(/^Subject: Payment with /m);
    expect(text.replace(/\D/g, '')).not.toContain(PAN);
    const saved = await get(`${path}?download=1`);
    expect(saved.headers.get('content-disposition')).toBe('attachment; filename="message.eml"');

    // Another contact's mail is not this contact's.
    const elsewhere = `/api/v1/interactions/${interaction.id}/emails/${crypto.randomUUID()}/raw`;
    expect((await get(elsewhere)).status).toBe(404);
  });

  it('leaves no blob behind for a duplicate, even one that arrives at the same time', async () => {
    await start();
    const { raw } = await rawMail({ attachments: [notes] });
    const blobs = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from blobs`.execute(db())).rows[0]!.n;
    // Both pass the early check and write their blobs; the second one's transaction finds the
    // Message-ID taken, and its blobs go again.
    const outcomes = await Promise.all([deliver(raw), deliver(raw)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'stored']);
    // The raw message and notes.txt, once.
    expect(await blobs()).toBe(2);
    expect(await deliver(raw)).toEqual({ status: 'duplicate' });
    expect(await blobs()).toBe(2);
  });

  it('refuses a mail whose file cannot be stored, for the sender to retry, and keeps none of its files', async () => {
    await start();
    const { raw, messageId } = await rawMail({ attachments: [notes, logo] });
    const blobs = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from blobs`.execute(db())).rows[0]!.n;
    const real = server.sangdam.deps.blobs;
    let puts = 0;
    // The raw message and the first file are written beside the second one, which fails.
    const failing = {
      ...server.sangdam.deps,
      blobs: {
        put: (source: Uint8Array) =>
          ++puts === 3 ? Promise.reject(new Error('disk full')) : real.put(source),
        open: (key: string) => real.open(key),
        delete: (key: string) => real.delete(key),
      },
    };
    await expect(mailSink(failing)({ origin: smtpOrigin(), raw })).rejects.toThrow('disk full');
    expect(puts).toBe(3);
    expect(await blobs()).toBe(0);
    // The retry is stored whole.
    expect(await deliver(raw)).toEqual({ status: 'stored' });
    const row = await db()
      .selectFrom('emailMessages')
      .select('id')
      .where('messageId', '=', messageId)
      .executeTakeFirstOrThrow();
    expect(row.id).toBeTruthy();
    expect(await blobs()).toBe(3);
  });

  it('reads the attachment policy at most every few seconds, and at once after an admin’s change', async () => {
    await start();
    const kept = async () => {
      const { raw, messageId } = await rawMail({ attachments: [notes] });
      expect(await deliver(raw)).toEqual({ status: 'stored' });
      const row = await db()
        .selectFrom('emailMessages')
        .select(['id', 'droppedAttachments'])
        .where('messageId', '=', messageId)
        .executeTakeFirstOrThrow();
      return row.droppedAttachments.length === 0;
    };
    expect(await kept()).toBe(true);
    // Another node's admin turns attachments off: this node follows once its copy is stale.
    await db()
      .updateTable('channelSettings')
      .set({ attachmentsEnabled: false })
      .where('channel', '=', 'email')
      .execute();
    expect(await kept()).toBe(true);
    offsetMs = EMAIL_POLICY_FRESH_MS;
    expect(await kept()).toBe(false);
    // An admin's change on this node applies to the next mail.
    await setEmailAttachments({ enabled: true });
    expect(await kept()).toBe(true);
  });

  it('keeps or drops files the scanner cannot read as the admin’s PCI policy for email says', async () => {
    await start();
    const broken: File = {
      filename: 'scan.pdf',
      content: Buffer.from('%PDF-1.7\n% not really a pdf\n'),
      contentType: 'application/pdf',
    };
    const filesOf = async () => {
      const { raw, messageId } = await rawMail({ attachments: [broken, logo, notes] });
      expect(await deliver(raw)).toEqual({ status: 'stored' });
      const row = await db()
        .selectFrom('emailMessages')
        .select(['id', 'droppedAttachments'])
        .where('messageId', '=', messageId)
        .executeTakeFirstOrThrow();
      const kept = await db()
        .selectFrom('attachments')
        .select(['originalName', 'verdict'])
        .where('emailMessageId', '=', row.id)
        .orderBy('originalName')
        .execute();
      return {
        kept: kept.map((file) => [file.originalName, file.verdict]),
        dropped: row.droppedAttachments.map((file) => [file.name, file.reason]),
      };
    };
    // The default policy keeps them, marked unreadable.
    expect(await filesOf()).toEqual({
      kept: [
        ['logo.png', 'unreadable'],
        ['notes.txt', 'clean'],
        ['scan.pdf', 'unreadable'],
      ],
      dropped: [],
    });
    const { cookie: admin, session } = await server.login('admin@sangdam.local');
    const refuse = await server.request('/api/v1/admin/pci-policies/email', {
      method: 'PUT',
      headers: { cookie: admin, 'x-csrf-token': session.csrfToken },
      json: { action: 'redact', allowUnscannableAttachments: false },
    });
    expect(refuse.status).toBe(200);
    // The next mail on this node already follows the change.
    expect(await filesOf()).toEqual({
      kept: [['notes.txt', 'clean']],
      dropped: [
        ['scan.pdf', 'unreadable'],
        ['logo.png', 'unreadable'],
      ],
    });
  });

  describe.each(['database', 'folder'] as const)('with the %s blob store', (driver) => {
    it('stores no card number anywhere: database, blob store, logs', async () => {
      const lines: string[] = [];
      const logger = pino(
        { level: 'trace' },
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        }),
      );
      await start({ logger });
      let folder: string | undefined;
      let deps = server.sangdam.deps;
      if (driver === 'folder') {
        folder = await mkdtemp(join(tmpdir(), 'sangdam-mail-blobs-'));
        cleanups.push(() => rm(folder!, { recursive: true, force: true }));
        deps = { ...deps, blobs: new FolderBlobStore(folder) };
      }
      const marker = 'QZ7MARKER';
      const { raw } = await rawMail({
        subject: `결제 카드 ${PAN} 확인`,
        text: `카드 번호 ${SPACED} 입니다. ${marker}`,
        html: `<p title="${PAN}">카드 <b>${SPACED}</b></p><img src="cid:logo@shop">`,
        headers: { 'X-Card': PAN },
        attachments: [
          {
            filename: 'card.txt',
            content: Buffer.from(`card ${PAN}\n`),
            contentType: 'text/plain',
          },
          { ...logo, filename: `receipt ${PAN}.png` },
          { ...notes, content: Buffer.from(`notes ${marker}\n`) },
        ],
      });
      expect(await mailSink(deps)({ origin: smtpOrigin(), raw })).toEqual({ status: 'stored' });
      await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
      const blobs = { store: deps.blobs, folder };
      // The search finds what is there: the marker in the stored text, the raw message and a file.
      const markers = await wherePanIs(db(), marker, blobs);
      expect(markers).toContain('email_messages.text');
      const inBlobs = markers.filter(
        (place) => place.startsWith('blob ') || (folder !== undefined && place.startsWith(folder)),
      );
      expect(inBlobs).toHaveLength(2);
      if (driver === 'database') expect(markers).toContain('blob_chunks.data');
      expect(await wherePanIs(db(), PAN, blobs)).toEqual([]);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => /4\D{0,3}1{3}\D{0,3}(1\D{0,3}){11}1/.test(line))).toEqual([]);
    });
  });
});
