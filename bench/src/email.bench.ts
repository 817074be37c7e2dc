// Email benchmark (issue 11): Sangdam's SMTP receiver in a process per engine, on PGlite in a throwaway
// folder (as the product runs the embedded engine, DATA_DIR=./data: the database and its blob
// folder on disk; `memory://` would keep the blobs inside the database) and on PostgreSQL (a
// throwaway server, or TEST_DATABASE_URL's), driven by 20 SMTP connections from a
// separate process (smtp-driver.ts) with a mix of real-world mails (plain, HTML, attachments up to
// 5 MB). Beside it, in the same run, a bare smtp-server that reads each mail and discards it (the
// limit). Then the outbox draining 2,000 replies to a local SMTP sink, and last the peak RSS while
// a 30 MB mail is received. `npm run bench:email [-- --seconds 10 --rate 100 --pglite-only | --postgres-only]`.
import { createSangdam, type Sangdam } from '@sangdam/server/src/app.ts';
import { loadConfig } from '@sangdam/server/src/config.ts';
import { sendEmailReply } from '@sangdam/server/src/services/email/reply.ts';
import { smtpRelayTransport, type MailTransport } from '@sangdam/mail';
import { insertParticipant } from '@sangdam/store';
import { execFile, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { openBenchPostgres } from './chat-postgres.ts';
import type { DriverJob, DriverResult } from './smtp-driver.ts';

const TARGET_RATE = 200;
const TARGET_P99_MS = 250;
const TARGET_OUTBOX_RATE = 200;
const TARGET_LARGE_RSS_MB = 100;
const OUTBOX_REPLIES = 2000;
const CONNECTIONS = 20;

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '100' },
    'pglite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
    /** Internal: the one engine this process measures (see `benchInChild`). */
    engine: { type: 'string' },
  },
});
if (options['pglite-only'] && options['postgres-only'])
  throw new Error('--pglite-only and --postgres-only leave nothing to measure: give one');
const seconds = Number(options.seconds);
const pacedRate = Number(options.rate);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the driver in its own process and returns what it measured. */
function drive(job: Omit<DriverJob, 'connections' | 'run'>): Promise<DriverResult> {
  const full: DriverJob = {
    connections: CONNECTIONS,
    run: Math.random().toString(36).slice(2, 10),
    ...job,
  };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/src/smtp-driver.ts', JSON.stringify(full)],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(JSON.parse(stdout) as DriverResult),
    );
  });
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** CPU seconds this process used while `work` ran, beside its wall time. */
async function cpuOf<T>(work: () => Promise<T>): Promise<{ result: T; cpu: number }> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return { result, cpu: (used.user + used.system) / 1e6 };
}

function describe(label: string, r: DriverResult, cpu: number) {
  const rate = r.accepted / r.seconds;
  const other = Object.entries(r.other)
    .map(([code, count]) => `${count}×${code}`)
    .join(' ');
  return (
    `${label.padEnd(34)} ${rate.toFixed(0).padStart(5)} mails/s  p50 ${percentile(
      r.transactionMs,
      0.5,
    )
      .toFixed(0)
      .padStart(4)} ms  p99 ${percentile(r.transactionMs, 0.99).toFixed(0).padStart(5)} ms  ` +
    `${(mb(r.bytes) / r.seconds).toFixed(1)} MB/s  receiver CPU ${((cpu / r.seconds) * 100).toFixed(0)}%` +
    (other ? `  not accepted: ${other}` : '') +
    (r.worstLateStartMs > 50 ? `  (driver fell ${r.worstLateStartMs.toFixed(0)} ms behind)` : '')
  );
}

/** The limit: an smtp-server that reads each mail to its end and discards it. */
async function bareReceiver() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 64 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('end', () => callback(null, 'Discarded'));
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A local SMTP sink for the outbox (the relay stand-in): accepts and discards. */
async function relaySink() {
  const sink = await bareReceiver();
  return { ...sink, url: `smtp://127.0.0.1:${sink.port}` };
}

/** Holds every send until opened, so the outbox fills before its drain is timed. */
function gated(transport: MailTransport) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    transport: {
      async send(mail) {
        await opened;
        return transport.send(mail);
      },
      close: () => transport.close(),
    } satisfies MailTransport,
  };
}

async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage().rss;
  let highest = start;
  const timer = setInterval(() => (highest = Math.max(highest, process.memoryUsage().rss)), 2);
  try {
    const result = await work();
    return { result, growth: highest - start };
  } finally {
    clearInterval(timer);
  }
}

/** Queues OUTBOX_REPLIES replies (untimed) over 200 received contacts, then times their drain. */
async function outboxDrain(sangdam: Sangdam, open: () => void): Promise<number> {
  const db = sangdam.database.db;
  const agent = await db
    .selectFrom('users')
    .select(['id', 'displayName'])
    .where('email', '=', 'agent1@sangdam.local')
    .executeTakeFirstOrThrow();
  const contacts = await db
    .selectFrom('interactions')
    .select('id')
    .where('channel', '=', 'email')
    .orderBy('createdAt')
    .limit(200)
    .execute();
  for (const { id } of contacts) {
    await insertParticipant(db, {
      interactionId: id,
      userId: agent.id,
      role: 'primary',
      joinedAt: new Date(),
    });
  }
  const actor = { kind: 'agent' as const, userId: agent.id, displayName: agent.displayName };
  for (let n = 0; n < OUTBOX_REPLIES; n++) {
    await sendEmailReply(
      sangdam.deps,
      actor,
      contacts[n % contacts.length]!.id,
      {
        clientMessageId: `bench-reply-${n}`,
        mode: 'quick',
        text: `Thank you for writing. Answer ${n}.`,
        cc: [],
      },
      60,
    );
  }
  const sent = () =>
    db
      .selectFrom('emailMessages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('direction', '=', 'out')
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  const began = performance.now();
  open();
  sangdam.mailSender.request();
  while ((await sent()) < OUTBOX_REPLIES) await new Promise((resolve) => setTimeout(resolve, 20));
  return OUTBOX_REPLIES / ((performance.now() - began) / 1000);
}

async function benchEngine(engine: 'pglite' | 'postgres') {
  const postgres =
    engine === 'postgres' ? await openBenchPostgres(process.env.TEST_DATABASE_URL) : null;
  const databaseUrl = postgres && (await postgres.createDatabase());
  // As the product runs the embedded engine: a data folder, its blobs beside it (FolderBlobStore).
  const dataDir = engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'sangdam-bench-email-')) : null;
  const sink = await relaySink();
  const gate = gated(smtpRelayTransport({ url: sink.url }));
  const sangdam = await createSangdam(
    loadConfig({
      DATA_DIR: dataDir ?? 'memory://',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      PORT: '0',
      SMTP_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // MAIL_WORKERS=0 compares with received mail screened on the main thread.
      ...(process.env.MAIL_WORKERS && { MAIL_WORKERS: process.env.MAIL_WORKERS }),
    }),
    { mailTransport: gate.transport },
  );
  const bare = await bareReceiver();
  try {
    const port = (await sangdam.startSmtp())!;
    console.log(`\n${engine === 'pglite' ? 'PGlite (data folder)' : 'PostgreSQL'}:`);
    // Warm-up: the parser's and database's first mails are not the steady state.
    await drive({ port, mode: 'max', seconds: 2 });

    const baseline = await cpuOf(() => drive({ port: bare.port, mode: 'max', seconds }));
    console.log(describe('bare smtp-server (discards), max', baseline.result, baseline.cpu));
    const max = await cpuOf(() => drive({ port, mode: 'max', seconds }));
    console.log(describe('Sangdam, max rate', max.result, max.cpu));
    const paced = await cpuOf(() => drive({ port, mode: 'paced', rate: pacedRate, seconds }));
    console.log(describe(`Sangdam, paced at ${pacedRate}/s`, paced.result, paced.cpu));

    const outboxRate = await outboxDrain(sangdam, gate.open);
    // Last: its forced collection leaves the process slower for a while (V8 state), so nothing
    // timed comes after it.
    const large = await peakRss(() =>
      drive({ port, mode: 'one-large', seconds: 0, largeBytes: 30e6 }),
    );
    console.log(
      `a 30 MB mail: ${large.result.accepted === 1 ? 'accepted' : `NOT accepted ${JSON.stringify(large.result.other)}`}` +
        ` in ${large.result.transactionMs[0]?.toFixed(0) ?? '-'} ms, receiver RSS +${mb(large.growth).toFixed(0)} MB at most`,
    );
    console.log(
      `outbox: ${OUTBOX_REPLIES} replies to a local SMTP sink at ${outboxRate.toFixed(0)} mails/s`,
    );

    const rate = max.result.accepted / max.result.seconds;
    const p99 = percentile(paced.result.transactionMs, 0.99);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `targets: ≥ ${TARGET_RATE} mails/s ${verdict(rate >= TARGET_RATE)}; p99 ≤ ${TARGET_P99_MS} ms at ${pacedRate}/s ${verdict(p99 <= TARGET_P99_MS)}; ` +
        `outbox ≥ ${TARGET_OUTBOX_RATE}/s ${verdict(outboxRate >= TARGET_OUTBOX_RATE)}; 30 MB mail < +${TARGET_LARGE_RSS_MB} MB ${verdict(mb(large.growth) < TARGET_LARGE_RSS_MB)}`,
    );
    return [max, paced, baseline].every((run) => Object.keys(run.result.other).length === 0);
  } finally {
    await bare.close();
    await sangdam.close();
    await sink.close();
    await postgres?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Each engine is measured in a process of its own (this file again, with `--engine`): the first
 * engine's run left the process measurably slower for the second (the bare smtp-server itself
 * halved its rate after a forced collection), so their figures were not comparable.
 */
function benchInChild(engine: 'pglite' | 'postgres'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--engine',
        engine,
        '--seconds',
        String(seconds),
        '--rate',
        String(pacedRate),
      ],
      { stdio: 'inherit' },
    );
    child.on('error', reject);
    child.on('exit', (code) => resolve(code === 0));
  });
}

if (options.engine) {
  if (options.engine !== 'pglite' && options.engine !== 'postgres') {
    throw new Error(`--engine is pglite or postgres, not ${options.engine}`);
  }
  process.exit((await benchEngine(options.engine)) ? 0 : 1);
}
console.log(
  `Email benchmark: ${CONNECTIONS} SMTP connections from a separate process, ${seconds} s per run, each engine in a process of its own; ` +
    `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1/5/15 min) at start`,
);
let clean = true;
if (!options['postgres-only']) clean = await benchInChild('pglite');
if (!options['pglite-only']) clean = (await benchInChild('postgres')) && clean;
console.log(
  `\nload at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min)`,
);
process.exit(clean ? 0 : 1);
