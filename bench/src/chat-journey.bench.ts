// Chat benchmark: N customers and N agents exchange messages over real Socket.IO connections
// with a Sangdam in another process, beside two baselines driven the same way in the same run:
// the bare Socket.IO relay and the durable relay (one INSERT per message, then forward).
// `npm run bench -- --chats 1000 --rates 500,1000 --seconds 10`; see README.md.
import type { Engine } from '@sangdam/store/test/test-databases.ts';
import type { Socket } from 'socket.io-client';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  DeliveryTracker,
  runLoad,
  type Conversation,
  type LoadResult,
  type LogCheck,
  type ServerUsage,
} from './chat-load.ts';
import { openBenchPostgres, type BenchPostgres } from './chat-postgres.ts';
import { openSangdamConversations } from './chat-sangdam.ts';
import { startServerProcess, type ServerProcess } from './chat-server-process.ts';
import type { ServerKind } from './chat-server-process.ts';
import { openRelayConversations } from './relay-server.ts';

const targets = { p99Ms: 50, p99AtRate: 1000 };
// Each side keeps this many messages awaiting their ack in the max-rate run.
const inFlightPerSide = 4;

interface Options {
  chats: number;
  rates: number[];
  seconds: number;
  warmupSeconds: number;
  maxSeconds: number;
  postgres: boolean;
  pglite: boolean;
}

const usage = `Usage: npm run bench -- [options]
  --chats N         open chats: N customers and N agents (default 1000)
  --rates R,R…      total messages per second of the paced runs (default 500,1000)
  --seconds S       measured seconds of each paced run, after the warm-up (default 10)
  --warmup S        warm-up seconds before each measured run (default 2)
  --max-seconds S   measured seconds of the max-rate run (default 5)
  --pglite-only     skip PostgreSQL (by default a throwaway server with fsync on, or TEST_DATABASE_URL)
  --postgres-only   skip PGlite (the bare relay still runs: it is every run's baseline)`;

function parseOptions(argv: string[]): Options {
  try {
    return readOptions(argv);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      chats: { type: 'string', default: '1000' },
      rates: { type: 'string', default: '500,1000' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      'max-seconds': { type: 'string', default: '5' },
      'pglite-only': { type: 'boolean', default: false },
      'postgres-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (values['pglite-only'] && values['postgres-only'])
    throw new Error('--pglite-only and --postgres-only leave nothing to measure: give one');
  const number = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max)
      throw new Error(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
  return {
    chats: Math.round(number('chats', values.chats, 1, 5000)),
    rates: values.rates.split(',').map((rate) => number('rates', rate, 1, 20_000)),
    seconds: number('seconds', values.seconds, 1, 60),
    warmupSeconds: number('warmup', values.warmup, 0, 30),
    maxSeconds: number('max-seconds', values['max-seconds'], 1, 60),
    postgres: !values['pglite-only'],
    pglite: !values['postgres-only'],
  };
}

interface Row {
  name: string;
  runs: { label: string; result: LoadResult }[];
  /** Pushes to one side of a chat whose seq was not above the previous one. */
  pushedOutOfOrder: number;
  log: LogCheck | null;
  /** Why the stored logs could not be read back. */
  logError?: string;
}

interface Server {
  name: string;
  kind: ServerKind;
  engine: Engine | null;
}

async function benchServer(server: Server, options: Options, postgres: BenchPostgres | null) {
  const databaseUrl = server.engine === 'postgres' ? await postgres!.createDatabase() : null;
  const started = performance.now();
  const process = await startServerProcess({
    kind: server.kind,
    databaseUrl,
    agents: server.kind === 'sangdam' ? options.chats : 0,
  });
  const sockets: Socket[] = [];
  try {
    const tracker = new DeliveryTracker();
    const conversations =
      server.kind === 'sangdam'
        ? await openSangdamConversations(process.url, process.agentEmails, tracker, sockets)
        : await openRelayConversations(process.url, options.chats, tracker, sockets);
    console.log(
      `${server.name}: ${conversations.length} chats open in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    const usageOf = serverUsage(process, server.engine === 'postgres' ? postgres : null);
    const row = await measure(server.name, options, tracker, conversations, usageOf);
    if (server.kind === 'sangdam') {
      try {
        row.log = await tracker.checkLogs(conversations);
      } catch (error) {
        row.logError = error instanceof Error ? error.message : String(error);
      }
    }
    return row;
  } finally {
    for (const socket of sockets) socket.disconnect();
    await process.stop();
  }
}

function serverUsage(process: ServerProcess, postgres: BenchPostgres | null) {
  return async (): Promise<ServerUsage> => {
    const usage = await process.usage();
    return {
      cpuMs: (usage.cpu.user + usage.cpu.system) / 1000,
      postgresCpuMs: postgres?.cpuMs() ?? null,
      rssMb: usage.rss / 2 ** 20,
      heapMb: usage.heapUsed / 2 ** 20,
    };
  };
}

async function measure(
  name: string,
  options: Options,
  tracker: DeliveryTracker,
  conversations: Conversation[],
  usage: () => Promise<ServerUsage>,
): Promise<Row> {
  const { seconds, warmupSeconds, maxSeconds } = options;
  const runs = [];
  for (const rate of options.rates) {
    console.log(`${name}: paced run at ${rate} msg/s (${machineLoad()})`);
    const plan = { mode: 'paced', rate, seconds, warmupSeconds } as const;
    runs.push({ label: `${rate}/s`, result: await runLoad(conversations, tracker, plan, usage) });
  }
  console.log(`${name}: max-rate run (${machineLoad()})`);
  const plan = {
    mode: 'max',
    seconds: maxSeconds,
    warmupSeconds: Math.min(1, warmupSeconds),
    inFlightPerSide,
  } as const;
  runs.push({ label: 'max', result: await runLoad(conversations, tracker, plan, usage) });
  return { name, runs, pushedOutOfOrder: tracker.pushedOutOfOrder, log: null };
}

const columns = [
  'run',
  'sent',
  'skipped',
  'errors',
  'p50 ms',
  'p99 ms',
  'max ms',
  'msg/s',
  'emit lag',
  'srv cores',
  'srv ms/msg',
  'pg ms/msg',
  'client ms/msg',
  'srv rss MB',
];

function tableRow(name: string, r: LoadResult): string[] {
  const errors = Object.entries(r.errors).map(([code, count]) => `${code}×${count}`);
  return [
    name,
    String(r.sent),
    String(r.skipped),
    errors.length ? errors.join(' ') : '0',
    r.latencyMs.p50.toFixed(1),
    r.latencyMs.p99.toFixed(1),
    r.latencyMs.max.toFixed(1),
    r.throughput.toFixed(0),
    `${r.scheduleLagMs.toFixed(0)} ms`,
    r.serverCores.toFixed(2),
    r.serverCpuMsPerMessage.toFixed(3),
    r.postgresCpuMsPerMessage === null ? '-' : r.postgresCpuMsPerMessage.toFixed(3),
    r.clientCpuMsPerMessage.toFixed(3),
    r.serverRssMb.toFixed(0),
  ];
}

function printTable(rows: Row[]) {
  const lines = [columns];
  for (const row of rows)
    for (const run of row.runs) lines.push(tableRow(`${row.name} ${run.label}`, run.result));
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  for (const line of lines) {
    console.log(
      line
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  '),
    );
  }
}

function logProblems(row: Row): number {
  const log = row.log;
  const unread = row.logError === undefined ? 0 : 1;
  return (
    unread +
    row.pushedOutOfOrder +
    (log ? log.seqGaps + log.lost + log.duplicated + log.reordered : 0)
  );
}

function printChecks(rows: Row[]) {
  for (const row of rows) {
    const pushes = `pushes out of order or repeated: ${row.pushedOutOfOrder}`;
    const log = row.log;
    const unread = row.logError ? `; stored logs not read back: ${row.logError}` : '';
    const stored = log
      ? `; stored logs of ${log.chats} chats, ${log.messages} acked messages: seq gaps ${log.seqGaps}, lost ${log.lost}, duplicated ${log.duplicated}, reordered ${log.reordered}`
      : '';
    console.log(
      `${row.name}: ${logProblems(row) === 0 ? 'ok' : 'FAILED'} — ${pushes}${stored}${unread}`,
    );
  }
}

function printVerdicts(rows: Row[]) {
  const maxOf = (row: Row) => row.runs.find((run) => run.label === 'max')!.result;
  for (const row of rows.filter((r) => r.name.startsWith('sangdam'))) {
    const engine = row.name.split('/')[1];
    const durable = rows.find((r) => r.name === `durable relay/${engine}`);
    if (durable) {
      const mine = maxOf(row).throughput;
      const theirs = maxOf(durable).throughput;
      console.log(
        `${row.name}: ceiling ${mine.toFixed(0)} msg/s vs durable relay ${theirs.toFixed(0)} msg/s ` +
          `(target ≥: ${mine >= theirs ? 'met' : 'MISSED'})`,
      );
    }
    const paced = row.runs.find((run) => run.label === `${targets.p99AtRate}/s`)?.result;
    if (paced) {
      const p99 = paced.latencyMs.p99;
      console.log(
        `${row.name}: p99 at ${targets.p99AtRate} msg/s ${p99.toFixed(1)} ms ` +
          `(target ≤ ${targets.p99Ms} ms: ${p99 <= targets.p99Ms && paced.skipped === 0 ? 'met' : 'MISSED'})`,
      );
    }
  }
}

/** The machine's 1-minute load average: the figures mean little when other work competes. */
function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  console.log(
    `Chat benchmark: ${options.chats} chats (customers and agents on real Socket.IO clients, in this ` +
      `process; each server in its own); paced ${options.rates.join(' and ')} msg/s for ${options.seconds} s ` +
      `after ${options.warmupSeconds} s warm-up; max rate for ${options.maxSeconds} s (${inFlightPerSide} in ` +
      `flight per side). Latency: emit → push on the other side.`,
  );
  console.log(`Before: ${machineLoad()}`);
  const postgres = options.postgres ? await openBenchPostgres(process.env.TEST_DATABASE_URL) : null;
  const rows: Row[] = [];
  try {
    const servers: Server[] = [{ name: 'bare relay', kind: 'relay', engine: null }];
    if (options.pglite) {
      servers.push(
        { name: 'durable relay/pglite', kind: 'durable', engine: 'pglite' },
        { name: 'sangdam/pglite', kind: 'sangdam', engine: 'pglite' },
      );
    }
    if (postgres) {
      servers.push(
        { name: 'durable relay/postgres', kind: 'durable', engine: 'postgres' },
        { name: 'sangdam/postgres', kind: 'sangdam', engine: 'postgres' },
      );
    }
    for (const server of servers) rows.push(await benchServer(server, options, postgres));
  } finally {
    await postgres?.close();
  }
  console.log(`After: ${machineLoad()}\n`);
  printTable(rows);
  console.log('');
  printChecks(rows);
  printVerdicts(rows);
  console.log(
    '(msg/s: messages delivered per second in the measured window; skipped: paced messages not sent while the\n' +
      ' target was 0.5 s of messages behind; emit lag: how far the paced sender fell behind its schedule;\n' +
      " srv: the server process (all its threads; PGlite's included); pg: PostgreSQL's processes (fsync and\n" +
      ' synchronous_commit on); client: the load generator; ms/msg: CPU per message delivered in the window)',
  );
  const failed = rows.some(
    (row) =>
      logProblems(row) > 0 || row.runs.some((run) => Object.keys(run.result.errors).length > 0),
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
