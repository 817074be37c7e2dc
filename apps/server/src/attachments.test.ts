import type {
  ChannelSetting,
  ErrorBody,
  InteractionEvent,
  Offer,
  SendAttachmentsResponse,
} from '@sangdam/contracts';
import { seedAttachmentExtensions } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { strToU8, zipSync } from 'fflate';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { corporaDir } from '../test/corpora.ts';
import { buildCompoundFile } from '@sangdam/pci/testing/compound-file-builder.ts';

async function pdfWith(text: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const page = document.addPage();
  page.drawText(text, { x: 50, y: 700, font: await document.embedFont(StandardFonts.Helvetica) });
  return document.save();
}

const workbook = (cell: string): Uint8Array =>
  zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8('<workbook/>'),
    'xl/sharedStrings.xml': strToU8(`<sst><si><t>${cell}</t></si></sst>`),
  });

/** The first bytes of a Windows program: what a renamed .exe still starts with. */
const windowsProgram = (): Uint8Array => {
  const bytes = new Uint8Array(1024);
  bytes.set([0x4d, 0x5a]);
  bytes.set([0x80, 0, 0, 0], 0x3c);
  bytes.set([0x50, 0x45, 0, 0], 0x80);
  return bytes;
};

type FilePart = { name: string; bytes: Uint8Array | Blob };

function form(files: FilePart[], text?: string, clientMessageId = randomUUID()): FormData {
  const body = new FormData();
  body.append('clientMessageId', clientMessageId);
  if (text !== undefined) body.append('text', text);
  for (const file of files) {
    const blob = file.bytes instanceof Blob ? file.bytes : new Blob([file.bytes]);
    body.append('file', blob, file.name);
  }
  return body;
}

async function spoolDirs(): Promise<string[]> {
  // This process's (other test files may run in parallel, each in a process of its own).
  const ours = `sangdam-upload-${process.pid}-`;
  return (await readdir(tmpdir())).filter((name) => name.startsWith(ours));
}

describe.each(engines)('attachments on %s', (engine) => {
  let server: TestServer;
  let agent: { cookie: string; csrf: string; client: RecordingClient };
  let chat: { interactionId: string; customerToken: string };
  let customer: RecordingClient;

  async function signIn(email: string) {
    const { cookie, session } = await server.login(email);
    const { client } = await server.agentSocket(cookie);
    return { cookie, csrf: session.csrfToken, client };
  }

  beforeEach(async () => {
    server = await startTestServer(engine);
    agent = await signIn('agent1@sangdam.local');
    ok(await agent.client.send('presence:set', { state: 'available' }));
    chat = await server.startChat('Min-ji Park', 'minji@example.com');
    customer = await server.customerSocket(chat.customerToken);
    const offer = await agent.client.next<Offer>('offer:new');
    ok(await agent.client.send('offer:accept', { offerId: offer.id }));
  });
  afterEach(() => server.close());

  const asCustomer = (token = chat.customerToken) => ({ authorization: `Bearer ${token}` });
  const asAgent = (who = agent) => ({ cookie: who.cookie, 'x-csrf-token': who.csrf });

  async function upload(
    who: 'agent' | 'customer',
    body: FormData | ReadableStream,
    headers: Record<string, string> = {},
  ) {
    const path =
      who === 'agent'
        ? `/api/v1/interactions/${chat.interactionId}/attachments`
        : `/api/v1/chats/${chat.interactionId}/attachments`;
    const response = await server.request(path, {
      method: 'POST',
      headers: { ...(who === 'agent' ? asAgent() : asCustomer()), ...headers },
      body,
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function download(path: string, headers: Record<string, string>) {
    const response = await server.request(path, { headers });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  async function setPolicy(attachments: Partial<ChannelSetting['attachments']>) {
    const admin = await server.login('admin@sangdam.local');
    const list = await server.request('/api/v1/admin/channels', {
      headers: { cookie: admin.cookie },
    });
    const { channels } = (await list.json()) as { channels: ChannelSetting[] };
    const current = channels.find((c) => c.channel === 'chat')!;
    const response = await server.request('/api/v1/admin/channels/chat', {
      method: 'PUT',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.session.csrfToken },
      json: {
        offerTimeoutSeconds: current.offerTimeoutSeconds,
        attachments: { ...current.attachments, ...attachments },
      },
    });
    expect(response.status).toBe(200);
  }

  const codeOf = (body: unknown) => (body as ErrorBody).code;

  async function storedCounts() {
    const db = server.sangdam.database.db;
    const attachments = await db.selectFrom('attachments').select('id').execute();
    const chunks = await db.selectFrom('blobChunks').select('key').execute();
    return { attachments: attachments.length, chunks: chunks.length };
  }

  it('a customer and an agent exchange files; each side downloads what the other sent, unchanged', async () => {
    const pdf = await pdfWith('Order 1042: invoice');
    const sent = await upload(
      'customer',
      form([{ name: '영수증 (March).pdf', bytes: pdf }], 'Here is my invoice'),
    );
    expect(sent.status).toBe(200);
    const fromCustomer = sent.body as SendAttachmentsResponse;
    expect(fromCustomer.dropped).toEqual([]);
    expect(fromCustomer.attachments.map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        name: '영수증 (March).pdf',
        size: pdf.length,
        contentType: 'application/pdf',
      },
    ]);
    const seen = await agent.client.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'message' && e.seq === fromCustomer.seq,
    );
    expect(seen).toMatchObject({
      text: 'Here is my invoice',
      attachments: fromCustomer.attachments,
    });

    const [file] = fromCustomer.attachments;
    const got = await download(
      `/api/v1/interactions/${chat.interactionId}/attachments/${file!.id}`,
      { cookie: agent.cookie },
    );
    expect(got.response.status).toBe(200);
    expect(Buffer.from(got.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(got.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.response.headers.get('content-disposition')).toBe(
      `attachment; filename="___ (March).pdf"; filename*=UTF-8''${encodeURIComponent('영수증')}%20%28March%29.pdf`,
    );

    const sheet = workbook('Refund 1042');
    const reply = (await upload('agent', form([{ name: 'refund.xlsx', bytes: sheet }])))
      .body as SendAttachmentsResponse;
    await customer.next<InteractionEvent>(
      'interaction:event',
      (e) => e.type === 'message' && e.attachments?.[0]?.id === reply.attachments[0]!.id,
    );
    const back = await download(
      `/api/v1/chats/${chat.interactionId}/attachments/${reply.attachments[0]!.id}`,
      asCustomer(),
    );
    expect(back.response.status).toBe(200);
    expect(Buffer.from(back.bytes).equals(Buffer.from(sheet))).toBe(true);
    expect(await spoolDirs()).toEqual([]);
  });

  it('downloads only for those who may read the conversation', async () => {
    const sent = (await upload('customer', form([{ name: 'a.txt', bytes: strToU8('hello') }])))
      .body as SendAttachmentsResponse;
    const id = sent.attachments[0]!.id;
    const agentPath = `/api/v1/interactions/${chat.interactionId}/attachments/${id}`;
    const customerPath = `/api/v1/chats/${chat.interactionId}/attachments/${id}`;

    const other = await server.login('agent2@sangdam.local');
    const refusedAgent = await download(agentPath, { cookie: other.cookie });
    expect(refusedAgent.response.status).toBe(403);

    const otherChat = await server.startChat('Jun Lee', 'jun@example.com');
    const refusedCustomer = await download(customerPath, asCustomer(otherChat.customerToken));
    expect(refusedCustomer.response.status).toBe(403);
    expect((await download(customerPath, {})).response.status).toBe(401);
    expect((await download(agentPath, {})).response.status).toBe(401);
    // Another chat's attachment path with this chat's token: the token opens only its own chat.
    const crossPath = `/api/v1/chats/${otherChat.interactionId}/attachments/${id}`;
    expect((await download(crossPath, asCustomer())).response.status).toBe(403);

    const supervisor = await server.login('supervisor@sangdam.local');
    const overseen = await download(agentPath, { cookie: supervisor.cookie });
    expect(overseen.response.status).toBe(200);
    expect(Buffer.from(overseen.bytes).toString()).toBe('hello');
  });

  it('drops a file with a card number, tells both sides, and keeps nothing of it', async () => {
    const pdf = await pdfWith('Invoice, nothing secret');
    const sent = await upload(
      'customer',
      form([
        { name: 'card 4111 1111 1111 1111.txt', bytes: strToU8('my card: 4111 1111 1111 1111') },
        { name: 'invoice.pdf', bytes: pdf },
      ]),
    );
    expect(sent.status).toBe(200);
    const body = sent.body as SendAttachmentsResponse;
    expect(body.dropped.map((file) => file.reason)).toEqual(['card-data']);
    expect(body.dropped[0]!.name).not.toContain('4111 1111 1111 1111');
    expect(body.attachments.map((a) => a.name)).toEqual(['invoice.pdf']);
    for (const side of [agent.client, customer]) {
      const notice = await side.next<InteractionEvent>(
        'interaction:event',
        (e) => e.type === 'attachment.dropped',
      );
      expect(notice).toMatchObject({ sender: 'customer', reason: 'card-data' });
    }
    expect(await storedCounts()).toEqual({ attachments: 1, chunks: 1 });
    const db = server.sangdam.database.db;
    const { rows } = await sql<{ hits: string }>`
      select (select count(*) from blob_chunks where position(${Buffer.from('4111 1111')} in data) > 0)
        + (select count(*) from interaction_events where body::text like '%4111%')
        + (select count(*) from audit_events where detail::text like '%4111%') as hits`.execute(db);
    expect(Number(rows[0]!.hits)).toBe(0);
    expect(await spoolDirs()).toEqual([]);
  });

  it('refuses a file it cannot read when the PCI policy says so', async () => {
    const admin = await server.login('admin@sangdam.local');
    await server.request('/api/v1/admin/pci-policies/chat', {
      method: 'PUT',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.session.csrfToken },
      json: { action: 'redact', allowUnscannableAttachments: false },
    });
    // A PDF signature and nothing a PDF reader can open.
    const broken = strToU8('%PDF-1.7\n% not really a pdf\n');
    const body = (await upload('agent', form([{ name: 'scan.pdf', bytes: broken }])))
      .body as SendAttachmentsResponse;
    expect(body).toMatchObject({
      seq: null,
      dropped: [{ name: 'scan.pdf', reason: 'unreadable' }],
    });
    expect(await storedCounts()).toEqual({ attachments: 0, chunks: 0 });
  });

  it('refuses files over the total size while they stream in, and keeps nothing', async () => {
    await setPolicy({ totalLimitBytes: 1024 * 1024 });
    const sent = await upload(
      'customer',
      form([{ name: 'big.txt', bytes: randomText(1024 * 1024) }]),
    );
    expect(sent.status).toBe(413);
    expect(codeOf(sent.body)).toBe('ATTACHMENT_TOO_LARGE');
    // Two files each under the limit, together over it.
    const two = await upload(
      'customer',
      form([
        { name: 'a.txt', bytes: randomText(600 * 1024) },
        { name: 'b.txt', bytes: randomText(600 * 1024) },
      ]),
    );
    expect(codeOf(two.body)).toBe('ATTACHMENT_TOO_LARGE');

    // A body that never ends: only a cap counted while streaming can answer it.
    let sentBytes = 0;
    const endless = new ReadableStream<Uint8Array>({
      start(controller) {
        const boundary = '----sangdam';
        controller.enqueue(
          strToU8(
            `--${boundary}\r\nContent-Disposition: form-data; name="clientMessageId"\r\n\r\n${randomUUID()}\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.txt"\r\n` +
              'Content-Type: text/plain\r\n\r\n',
          ),
        );
      },
      pull(controller) {
        sentBytes += 64 * 1024;
        if (sentBytes > 200 * 1024 * 1024) controller.error(new Error('the cap never came'));
        else controller.enqueue(strToU8('x'.repeat(64 * 1024)));
      },
    });
    const endlessAnswer = await upload('customer', endless, {
      'content-type': 'multipart/form-data; boundary=----sangdam',
    });
    expect(codeOf(endlessAnswer.body)).toBe('ATTACHMENT_TOO_LARGE');
    expect(sentBytes).toBeLessThan(20 * 1024 * 1024);
    expect(await storedCounts()).toEqual({ attachments: 0, chunks: 0 });
    expect(await spoolDirs()).toEqual([]);
  });

  it('refuses more files than the channel allows', async () => {
    await setPolicy({ maxFiles: 2 });
    const files = ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, bytes: strToU8(name) }));
    const sent = await upload('agent', form(files));
    expect(sent.status).toBe(400);
    expect(codeOf(sent.body)).toBe('ATTACHMENT_TOO_MANY');
    expect(await storedCounts()).toEqual({ attachments: 0, chunks: 0 });
  });

  it('refuses types off the list, and content that is not what its name says', async () => {
    const exe = await upload('customer', form([{ name: 'setup.exe', bytes: windowsProgram() }]));
    expect([exe.status, codeOf(exe.body)]).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    for (const name of ['invoice.pdf', 'notes.txt', 'report.doc', 'sheet.xlsx']) {
      const renamed = await upload('customer', form([{ name, bytes: windowsProgram() }]));
      expect([name, renamed.status, codeOf(renamed.body)]).toEqual([
        name,
        415,
        'ATTACHMENT_CONTENT_MISMATCH',
      ]);
    }
    const png = await upload('customer', form([{ name: 'photo.png', bytes: strToU8('x') }]));
    expect(codeOf(png.body)).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    // The admin extends the list: now a real PNG goes, a fake one does not.
    await setPolicy({ extensions: [...seedAttachmentExtensions, 'png'] });
    const fake = await upload('customer', form([{ name: 'photo.png', bytes: strToU8('not png') }]));
    expect(codeOf(fake.body)).toBe('ATTACHMENT_CONTENT_MISMATCH');
    const realPng = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const real = await upload('customer', form([{ name: 'photo.png', bytes: realPng }]));
    expect(real.status).toBe(200);
    expect((real.body as SendAttachmentsResponse).attachments[0]!.contentType).toBe('image/png');
    expect(await storedCounts()).toEqual({ attachments: 1, chunks: 1 });
  });

  it('refuses names with a path, and empty files', async () => {
    for (const name of ['../../etc/passwd.txt', 'a/b.txt', '..\\..\\boot.txt', '..', ' .txt']) {
      const sent = await upload('customer', form([{ name, bytes: strToU8('hello') }]));
      expect([name, sent.status, codeOf(sent.body)]).toEqual([
        name,
        400,
        'ATTACHMENT_NAME_INVALID',
      ]);
    }
    const empty = await upload('customer', form([{ name: 'empty.txt', bytes: new Uint8Array() }]));
    expect([empty.status, codeOf(empty.body)]).toEqual([400, 'ATTACHMENT_EMPTY']);
    expect(await storedCounts()).toEqual({ attachments: 0, chunks: 0 });
    expect(await spoolDirs()).toEqual([]);
  });

  it('takes every well-formed mail of the shared MIME corpus as an .eml and gives it back unchanged', async (context) => {
    const corpora = corporaDir();
    if (!corpora) {
      context.skip('../shared/corpora is absent (a fresh clone): skipped');
      return;
    }
    const files: FilePart[] = [];
    for (const folder of ['rfc', 'thirdparty']) {
      const dir = join(corpora, 'mime', folder);
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort()) {
        files.push({ name: `${folder}-${name}`, bytes: await readFile(join(dir, name)) });
      }
    }
    expect(files.length).toBeGreaterThan(20);
    await setPolicy({ maxFiles: 20 });
    for (let from = 0; from < files.length; from += 20) {
      const batch = files.slice(from, from + 20);
      const sent = await upload('customer', form(batch));
      expect(sent.status).toBe(200);
      const body = sent.body as SendAttachmentsResponse;
      expect(body.dropped).toEqual([]);
      for (const [index, ref] of body.attachments.entries()) {
        const got = await download(
          `/api/v1/chats/${chat.interactionId}/attachments/${ref.id}`,
          asCustomer(),
        );
        expect([
          ref.name,
          Buffer.from(got.bytes).equals(Buffer.from(batch[index]!.bytes as Uint8Array)),
        ]).toEqual([batch[index]!.name, true]);
      }
    }
  });

  it("takes a file of every type of the seed's list, scans it and gives it back unchanged", async () => {
    const samples = await seedTypeSamples();
    expect(Object.keys(samples).sort()).toEqual([...seedAttachmentExtensions].sort());
    await setPolicy({ maxFiles: 20 });
    const files = Object.entries(samples).map(([ext, bytes]) => ({ name: `sample.${ext}`, bytes }));
    const verdicts = new Map<string, string>();
    for (let from = 0; from < files.length; from += 20) {
      const batch = files.slice(from, from + 20);
      const sent = await upload('customer', form(batch));
      expect(sent.status).toBe(200);
      const body = sent.body as SendAttachmentsResponse;
      expect(body.dropped).toEqual([]);
      for (const [index, ref] of body.attachments.entries()) {
        const got = await download(
          `/api/v1/interactions/${chat.interactionId}/attachments/${ref.id}`,
          { cookie: agent.cookie },
        );
        expect([
          ref.name,
          got.response.status,
          Buffer.from(got.bytes).equals(Buffer.from(batch[index]!.bytes)),
        ]).toEqual([batch[index]!.name, 200, true]);
      }
    }
    for (const row of await server.sangdam.database.db
      .selectFrom('attachments')
      .select(['originalName', 'verdict'])
      .execute()) {
      verdicts.set(row.originalName.slice('sample.'.length), row.verdict);
    }
    // Each type with a reader was read and found clean (a PDF too: read from its temporary file,
    // a Node Buffer, it used to be "damaged"); the rest (binary workbooks, add-ins, Publisher, and
    // compound files of ours without the streams their readers need) are kept as unreadable, which
    // the default PCI policy allows.
    const unreadable = [...verdicts]
      .filter(([, v]) => v === 'unreadable')
      .map(([e]) => e)
      .sort();
    expect(unreadable).toEqual([
      'doc',
      'dot',
      'pot',
      'ppam',
      'pps',
      'ppt',
      'pub',
      'xlam',
      'xls',
      'xlsb',
      'xlt',
    ]);
    expect(verdicts.size).toBe(seedAttachmentExtensions.length);
  });

  it('refuses everything when the admin turned attachments off, and strangers always', async () => {
    const stranger = await upload('customer', form([{ name: 'a.txt', bytes: strToU8('a') }]), {
      authorization: 'Bearer nope',
    });
    expect([stranger.status, codeOf(stranger.body)]).toEqual([401, 'INVALID_CUSTOMER_TOKEN']);
    const other = await signIn('agent2@sangdam.local');
    const notMine = await server.request(`/api/v1/interactions/${chat.interactionId}/attachments`, {
      method: 'POST',
      headers: asAgent(other),
      body: form([{ name: 'a.txt', bytes: strToU8('a') }]),
    });
    expect(notMine.status).toBe(403);
    await setPolicy({ enabled: false });
    const off = await upload('customer', form([{ name: 'a.txt', bytes: strToU8('a') }]));
    expect([off.status, codeOf(off.body)]).toEqual([403, 'ATTACHMENTS_DISABLED']);
  });
});

/** A small real file of each type of the seed's list, whose content fits its extension. */
async function seedTypeSamples(): Promise<Record<string, Uint8Array>> {
  const text = 'Order 1042 — 주문 1042';
  const xml = strToU8(`<?xml version="1.0" encoding="UTF-8"?><doc><p>${text}</p></doc>`);
  const html = strToU8(`<!DOCTYPE html><html><body><p>${text}</p></body></html>`);
  const mime = strToU8(
    'From: hana@example.com\r\nTo: desk@example.com\r\nSubject: Order\r\nMIME-Version: 1.0\r\n' +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`,
  );
  const office = (parts: Record<string, string>) =>
    zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));
  const word = office({
    '[Content_Types].xml': '<Types/>',
    'word/document.xml': `<w:document><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  });
  const sheet = workbook(text);
  const openDocument = (kind: string) =>
    zipSync({
      mimetype: [strToU8(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }],
      'content.xml': strToU8(
        `<office:document-content><text:p>${text}</text:p></office:document-content>`,
      ),
    });
  const compound = buildCompoundFile({ Contents: strToU8(text.padEnd(600, '.')) });
  const samples: Record<string, Uint8Array> = {
    txt: strToU8(text),
    rtf: strToU8(`{\\rtf1\\ansi ${'Order 1042'}\\par}`),
    pdf: await pdfWith('Order 1042'),
    odt: openDocument('text'),
    ods: openDocument('spreadsheet'),
    xps: office({
      '[Content_Types].xml': '<Types/>',
      'Documents/1/Pages/1.fpage': `<FixedPage><Glyphs UnicodeString="${text}"/></FixedPage>`,
    }),
    dotx: word,
    dotm: word,
    xlsx: sheet,
    xlsm: sheet,
    xltx: sheet,
    xltm: sheet,
    xlam: sheet,
    xlsb: office({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': 'binary' }),
    ppam: office({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' }),
  };
  for (const ext of ['xml', 'pdfxml', 'pptxml']) samples[ext] = xml;
  for (const ext of [
    'html',
    'shtml',
    'xhtml',
    'dothtml',
    'pothtml',
    'ppthtml',
    'pubhtml',
    'xlhtml',
    'xlthtml',
  ])
    samples[ext] = html;
  for (const ext of ['eml', 'mht', 'mhtml', 'pptmhtml', 'pubmhtml']) samples[ext] = mime;
  for (const ext of ['doc', 'dot', 'xls', 'xlt', 'ppt', 'pps', 'pot', 'pub', 'msg'])
    samples[ext] = compound;
  return samples;
}

function randomText(bytes: number): Uint8Array {
  return strToU8(randomBytes(bytes / 2).toString('hex'));
}
