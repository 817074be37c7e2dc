import type {
  EmailMessage,
  EmailReplyResponse,
  Interaction,
  Offer,
  ReplyFilesResponse,
} from '@sangdam/contracts';
import { listSendAttempts, loadAttachmentPolicy, saveAttachmentPolicy } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { startSmtpRelay } from '@sangdam/mail/test/smtp-relay.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { parsedMail, smtpOrigin } from '../test/mail.ts';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { BlobSweep } from './services/blob-sweep.ts';
import { ingestMail } from './services/email/ingest.ts';

const png = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);

/**
 * R-EM-5 (issue 12): files for an email reply — uploaded and scanned first, named by id in the
 * reply, refused over the limits before anything is sent, and streamed from the blob store into
 * the mail a real SMTP server receives; a received mail's `cid:` images served for its frame.
 */
describe.each(engines)('email reply files on %s', (engine) => {
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

  async function start(answers: number[] = []) {
    relay = await startSmtpRelay(answers);
    server = await startTestServer(engine, { SMTP_RELAY_URL: relay.url }, { clock });
    const { cookie, session } = await server.login('agent1@sangdam.local');
    login = { cookie, csrf: session.csrfToken };
    ({ client: agent } = await server.agentSocket(cookie));
    ok(await agent.send('presence:set', { state: 'available' }));
  }

  async function contact(fields: Parameters<typeof parsedMail>[0] = {}) {
    await ingestMail(server.sangdam.deps, parsedMail(fields), smtpOrigin());
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    return interaction;
  }

  const headers = () => ({ cookie: login.cookie, 'x-csrf-token': login.csrf });

  async function upload(interactionId: string, files: { name: string; text: string }[]) {
    const body = new FormData();
    for (const file of files) body.append('file', new Blob([file.text]), file.name);
    const response = await server.request(
      `/api/v1/interactions/${interactionId}/email-reply-files`,
      { method: 'POST', headers: headers(), body },
    );
    return { status: response.status, body: (await response.json()) as ReplyFilesResponse };
  }

  async function reply(interactionId: string, attachmentIds: string[]) {
    const response = await server.request(`/api/v1/interactions/${interactionId}/email-replies`, {
      method: 'POST',
      headers: headers(),
      json: {
        clientMessageId: crypto.randomUUID(),
        text: 'The invoice is attached.',
        attachmentIds,
      },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const outbound = () =>
    server.sangdam.database.db
      .selectFrom('emailMessages')
      .select('id')
      .where('direction', '=', 'out')
      .execute();

  it(
    'streams an uploaded file from the blob store into the mail, again on a retry',
    { timeout: 60_000 },
    async () => {
      await start([451]);
      const interaction = await contact();
      const uploaded = await upload(interaction.id, [
        { name: 'invoice-1042.txt', text: 'Invoice 1042: 3 items, 45,000 KRW' },
      ]);
      expect(uploaded.status).toBe(200);
      expect(uploaded.body.files).toMatchObject([{ name: 'invoice-1042.txt', size: 33 }]);
      const sent = await reply(interaction.id, [uploaded.body.files[0]!.id]);
      expect(sent.status).toBe(201);
      const { emailId } = sent.body as unknown as EmailReplyResponse;

      // The relay deferred the first attempt after the whole message (the file read to its end) …
      const attempts = async () =>
        (await listSendAttempts(server.sangdam.database.db, emailId)).map((a) => a.outcome);
      await expect.poll(attempts, { timeout: 10_000 }).toEqual(['retry']);
      // … and the outbox, waiting to retry, names the file's blob, not its bytes.
      const { mail } = await server.sangdam.database.db
        .selectFrom('mailOutbox')
        .select('mail')
        .where('emailMessageId', '=', emailId)
        .executeTakeFirstOrThrow();
      const queued = JSON.stringify(mail);
      expect(queued).toContain('"blobKey"');
      expect(queued).not.toContain('45,000');
      expect(queued).not.toContain(Buffer.from('Invoice 1042').toString('base64').slice(0, 12));

      // The retry opens the blob again: the mail that arrives carries the whole file.
      offsetMs += 31_000;
      await expect.poll(attempts, { timeout: 10_000 }).toEqual(['retry', 'sent']);
      expect(relay.received).toHaveLength(1);
      const raw = relay.received[0]!;
      expect(raw).toMatch(/filename=invoice-1042\.txt|filename="invoice-1042\.txt"/);
      expect(raw).toContain(Buffer.from('Invoice 1042: 3 items, 45,000 KRW').toString('base64'));

      // The sent mail lists its file, downloadable; the upload is no longer waiting.
      const list = await server.request(`/api/v1/interactions/${interaction.id}/emails`, {
        headers: headers(),
      });
      const { emails } = (await list.json()) as { emails: EmailMessage[] };
      const mine = emails.find((email) => email.id === emailId)!;
      expect(mine.attachments).toMatchObject([{ name: 'invoice-1042.txt', size: 33 }]);
      const again = await reply(interaction.id, [uploaded.body.files[0]!.id]);
      expect([again.status, again.body.code]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
    },
  );

  it('refuses too many or too large files before anything is stored or sent', async () => {
    await start();
    const interaction = await contact();
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `note-${i}.txt`, text: 'hi' }));
    const tooMany = await upload(interaction.id, eleven);
    expect([tooMany.status, (tooMany.body as unknown as { code: string }).code]).toEqual([
      400,
      'ATTACHMENT_TOO_MANY',
    ]);
    const elevenIds = Array.from({ length: 11 }, () => crypto.randomUUID());
    const refused = await reply(interaction.id, elevenIds);
    expect([refused.status, refused.body.code]).toEqual([400, 'ATTACHMENT_TOO_MANY']);

    // The admin set the email limit lower: two files within it alone, over it together.
    const db = server.sangdam.database.db;
    const policy = await loadAttachmentPolicy(db, 'email');
    await saveAttachmentPolicy(db, 'email', { ...policy, totalLimitBytes: 2048 });
    const a = await upload(interaction.id, [{ name: 'a.txt', text: 'a'.repeat(1500) }]);
    const b = await upload(interaction.id, [{ name: 'b.txt', text: 'b'.repeat(1500) }]);
    const ids = [a.body.files[0]!.id, b.body.files[0]!.id];
    const tooLarge = await reply(interaction.id, ids);
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    const typed = await upload(interaction.id, [{ name: 'tool.exe', text: 'MZ' }]);
    expect((typed.body as unknown as { code: string }).code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(await outbound()).toEqual([]);

    // Nothing was taken by the refused reply: one of the files still goes.
    expect((await reply(interaction.id, [ids[0]!])).status).toBe(201);
  });

  it('sends only the agent’s own upload for this contact', async () => {
    await start();
    const interaction = await contact();
    const other = await server.login('agent2@sangdam.local');
    const refused = await server.request(
      `/api/v1/interactions/${interaction.id}/email-reply-files`,
      {
        method: 'POST',
        headers: { cookie: other.cookie, 'x-csrf-token': other.session.csrfToken },
        body: (() => {
          const body = new FormData();
          body.append('file', new Blob(['x']), 'x.txt');
          return body;
        })(),
      },
    );
    expect(refused.status).toBe(403);
    const unknown = await reply(interaction.id, [crypto.randomUUID()]);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
    expect(await outbound()).toEqual([]);
  });

  const waiting = () =>
    server.sangdam.database.db.selectFrom('emailReplyFiles').select(['id', 'blobKey']).execute();
  const blobExists = (key: string) =>
    server.sangdam.deps.blobs.open(key).then(
      (stream) => (stream.destroy(), true),
      () => false,
    );

  it('takes a file off the reply at once with its blob, for its uploader only and only before sending', async () => {
    await start();
    const interaction = await contact();
    const uploaded = await upload(interaction.id, [
      { name: 'old-quote.txt', text: 'The quote of last year' },
      { name: 'quote.txt', text: 'The quote of this year' },
    ]);
    const [removed, kept] = uploaded.body.files.map((file) => file.id);
    const { blobKey } = (await waiting()).find((file) => file.id === removed)!;
    expect(await blobExists(blobKey)).toBe(true);
    const remove = (id: string, as = login) =>
      server.request(`/api/v1/interactions/${interaction.id}/email-reply-files/${id}`, {
        method: 'DELETE',
        headers: { cookie: as.cookie, 'x-csrf-token': as.csrf },
      });
    const codeOf = async (response: Response) =>
      [response.status, ((await response.json()) as { code: string }).code] as const;

    // Another agent cannot take this agent's file away.
    const other = await server.login('agent2@sangdam.local');
    const otherLogin = { cookie: other.cookie, csrf: other.session.csrfToken };
    expect(await codeOf(await remove(removed!, otherLogin))).toEqual([404, 'ATTACHMENT_NOT_FOUND']);

    expect((await remove(removed!)).status).toBe(204);
    expect((await waiting()).map((file) => file.id)).toEqual([kept]);
    expect(await blobExists(blobKey)).toBe(false);
    expect(await codeOf(await remove(removed!))).toEqual([404, 'ATTACHMENT_NOT_FOUND']);

    // Once sent, the file is the mail's: not removable.
    expect((await reply(interaction.id, [kept!])).status).toBe(201);
    expect(await codeOf(await remove(kept!))).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
    const bad = await server.request(
      `/api/v1/interactions/${interaction.id}/email-reply-files/not-an-id`,
      { method: 'DELETE', headers: headers() },
    );
    expect(bad.status).toBe(400);
  });

  it('sweeps the uploads no reply sent once their contact ended, with their blobs', async () => {
    await start();
    const interaction = await contact();
    await upload(interaction.id, [{ name: 'draft-notes.txt', text: 'never sent' }]);
    const [file] = await waiting();
    const sweep = new BlobSweep(server.sangdam.deps);

    await sweep.sweep();
    expect(await waiting()).toEqual([file]); // the contact is open: a reply may still send it

    ok(await agent.send('interaction:end', { interactionId: interaction.id }));
    await sweep.sweep();
    expect(await waiting()).toEqual([]);
    expect(await blobExists(file!.blobKey)).toBe(false);
  });

  it('serves a received mail’s cid: image for its frame, and no other file', async () => {
    await start();
    const interaction = await contact({
      html: '<p>Broken lid:</p><img src="cid:lid@hana">',
      attachments: [
        {
          fileName: 'lid.png',
          contentType: 'image/png',
          contentId: 'lid@hana',
          disposition: 'inline',
          content: png,
        },
        {
          fileName: 'receipt.txt',
          contentType: 'text/plain',
          contentId: undefined,
          disposition: 'attachment',
          content: new TextEncoder().encode('Receipt 1042'),
        },
      ],
    });
    const list = await server.request(`/api/v1/interactions/${interaction.id}/emails`, {
      headers: headers(),
    });
    const { emails } = (await list.json()) as { emails: EmailMessage[] };
    const files = emails[0]!.attachments;
    const image = files.find((file) => file.contentId === 'lid@hana')!;
    const text = files.find((file) => file.name === 'receipt.txt')!;
    const base = `/api/v1/interactions/${interaction.id}/email-images`;
    const shown = await server.request(`${base}/${image.id}`, { headers: headers() });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(shown.headers.get('content-disposition')).toBe('inline');
    expect(new Uint8Array(await shown.arrayBuffer())).toEqual(png);
    expect((await server.request(`${base}/${text.id}`, { headers: headers() })).status).toBe(404);
    const stranger = await server.login('agent2@sangdam.local');
    const forbidden = await server.request(`${base}/${image.id}`, {
      headers: { cookie: stranger.cookie },
    });
    expect(forbidden.status).toBe(403);
  });
});
