// Attachment memory benchmark (issue 10): one customer uploads a 34 MB workbook (a real ZIP
// container whose sharedStrings the PCI scan reads, plus 34 MB of incompressible media) to a
// Sangdam in this process, on the embedded database with its folder blob store, then downloads
// it. Samples the process's RSS every 2 ms during each step and prints the highest value above
// the RSS before it, beside the file's size; then, as the same run's baseline, the PCI scan as it
// was before it streamed (the whole file read into memory). `npm run bench:attachments`.
import { createSangdam } from '@sangdam/server/src/app.ts';
import { loadConfig } from '@sangdam/server/src/config.ts';
import type { SendAttachmentsResponse, StartChatResponse } from '@sangdam/contracts';
import { scanAttachment } from '@sangdam/pci';
import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const FILE_BYTES = 34 * 1024 * 1024;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rss = () => process.memoryUsage().rss;

/** Runs `work` while sampling RSS; returns its result and the highest RSS seen above the start. */
async function sampled<T>(
  work: () => Promise<T>,
): Promise<{ result: T; growth: number; ms: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = rss();
  let highest = start;
  const timer = setInterval(() => (highest = Math.max(highest, rss())), 2);
  const t0 = performance.now();
  try {
    const result = await work();
    highest = Math.max(highest, rss());
    return { result, growth: highest - start, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

/** A small workbook for a first upload or scan, so loading code is not counted. */
function smallWorkbook(): Uint8Array {
  return zipSync({ 'xl/sharedStrings.xml': strToU8('<sst><si><t>warm-up</t></si></sst>') });
}

async function writeWorkbook(path: string): Promise<number> {
  const media = randomBytes(FILE_BYTES - 4096);
  const zip = zipSync(
    {
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': strToU8('<workbook/>'),
      'xl/sharedStrings.xml': strToU8('<sst><si><t>Order 1042</t></si></sst>'),
      'xl/media/image1.bin': [media, { level: 0 }],
    },
    { level: 0 },
  );
  await writeFile(path, zip);
  return zip.length;
}

/** A multipart body read from disk as it is sent: the client never holds the file either. */
function multipart(path: string, name: string, clientMessageId: string) {
  const boundary = `----sangdam${randomBytes(8).toString('hex')}`;
  async function* parts() {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="clientMessageId"\r\n\r\n${clientMessageId}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    body: Readable.toWeb(Readable.from(parts())) as ReadableStream<Uint8Array>,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * Baseline of the same run, in a fresh process of its own (in this one, the upload's freed memory
 * would be reused and hide it): the PCI scan as it was before it streamed, given the whole file.
 */
async function wholeFileScanBaseline(file: string) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--whole-file-scan', file],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error('the baseline process failed');
  return JSON.parse(child.stdout) as { before: number; growth: number; ms: number };
}

async function measureWholeFileScan(file: string) {
  // Code loaded by a first small scan, as the main process's small upload does.
  await scanAttachment(smallWorkbook(), 'small.xlsx');
  const before = rss();
  const scan = await sampled(async () => {
    const result = await scanAttachment(await readFile(file), 'big.xlsx');
    if (result.verdict !== 'clean') throw new Error(`baseline scan: ${result.verdict}`);
  });
  process.stdout.write(JSON.stringify({ before, growth: scan.growth, ms: scan.ms }));
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'sangdam-attach-bench-'));
  const file = join(dir, 'big.xlsx');
  const size = await writeWorkbook(file);
  const sangdam = await createSangdam(
    loadConfig({ DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', PORT: '0' }),
  );
  try {
    const url = await sangdam.app.listen({ port: 0, host: '127.0.0.1' });
    const started = (await (
      await fetch(`${url}/api/v1/chats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Bench Customer', email: 'bench@example.com' }),
      })
    ).json()) as StartChatResponse;
    const auth = { authorization: `Bearer ${started.customerToken}` };
    const small = join(dir, 'small.xlsx');
    await writeFile(small, smallWorkbook());
    const warmUp = multipart(small, 'small.xlsx', 'bench-warm-up-0001');
    const warmed = await fetch(`${url}/api/v1/chats/${started.interactionId}/attachments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': warmUp.contentType },
      body: warmUp.body,
      duplex: 'half',
    } as RequestInit);
    if (warmed.status !== 200) throw new Error(`warm-up upload failed: ${warmed.status}`);
    await warmed.body?.cancel();
    const before = rss();
    const upload = await sampled(async () => {
      const body = multipart(file, 'big.xlsx', 'bench-upload-0001');
      const response = await fetch(`${url}/api/v1/chats/${started.interactionId}/attachments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': body.contentType },
        body: body.body,
        duplex: 'half',
      } as RequestInit);
      const sent = (await response.json()) as SendAttachmentsResponse;
      if (response.status !== 200 || sent.attachments.length !== 1) {
        throw new Error(`upload failed: ${response.status} ${JSON.stringify(sent)}`);
      }
      return sent;
    });
    const download = await sampled(async () => {
      const response = await fetch(
        `${url}/api/v1/chats/${started.interactionId}/attachments/${upload.result.attachments[0]!.id}`,
        { headers: auth },
      );
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
      }
      return bytes;
    });
    const baseline = await wholeFileScanBaseline(file);
    const blobFolder = await stat(join(dir, 'data', 'blobs'));
    console.log(
      `file: ${mb(size)} (xlsx, stored ZIP); blob store: ${blobFolder.isDirectory() ? 'folder' : '?'}`,
    );
    console.log(`RSS before:              ${mb(before)}`);
    console.log(
      `upload (receive, sniff, PCI scan, store): RSS +${mb(upload.growth)} at most, ${upload.ms.toFixed(0)} ms`,
    );
    console.log(
      `baseline (a process of its own, RSS before ${mb(baseline.before)}): the PCI scan of the whole file in memory, as before the streamed scan: RSS +${mb(baseline.growth)} at most, ${baseline.ms.toFixed(0)} ms`,
    );
    console.log(
      `download (${mb(download.result)} streamed): RSS +${mb(download.growth)} at most, ${download.ms.toFixed(0)} ms`,
    );
  } finally {
    await sangdam.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const wholeFileScan = process.argv.indexOf('--whole-file-scan');
if (wholeFileScan > 0) await measureWholeFileScan(process.argv[wholeFileScan + 1]!);
else await main();
