// Chat benchmark: N customers and N agents exchange messages over real Socket.IO connections
// with a real Sangdam in this process, beside a bare Socket.IO relay driven the same way.
// `npm run bench -- --customers 50 --rate 500 --seconds 20 [--postgres]`; see README.md.
import type { Engine } from '@sangdam/store/test/test-databases.ts';
import type { Socket } from 'socket.io-client';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DeliveryTracker, runLoad, type Conversation, type LoadResult } from './chat-load.ts';
import { openBenchPostgres } from './chat-postgres.ts';
import { startSangdamConversations } from './chat-sangdam.ts';
import { openRelayConversations, startRelay } from './relay-server.ts';

const targets = { p99Ms: 50, throughputShare: 0.5 };
// Each side keeps this many messages awaiting their ack in the max-rate run.
const inFlightPerSide = 4;

interface Options {
  customers: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  maxSeconds: number;
  postgres: boolean;
}

const usage = `Usage: npm run bench -- [options]
  --customers N     customers, and as many agents (default 50)
  --rate R          total messages per second in the paced run (default 500)
  --seconds S       measured seconds of the paced run, after the warm-up (default 20)
  --warmup S        warm-up seconds before each measured run (default 2)
  --max-seconds S   measured seconds of the max-rate run (default 5)
  --postgres        also run Sangdam on PostgreSQL (also when TEST_DATABASE_URL is set)`;

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
      customers: { type: 'string', default: '50' },
      rate: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      'max-seconds': { type: 'string', default: '5' },
      postgres: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max)
      throw new Error(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
  return {
    customers: Math.round(number('customers', values.customers, 1, 500)),
    rate: number('rate', values.rate, 1, 20_000),
    seconds: number('seconds', values.seconds, 1, 60),
    warmupSeconds: number('warmup', values.warmup, 0, 30),
    maxSeconds: number('max-seconds', values['max-seconds'], 1, 60),
    postgres: values.postgres || process.env.TEST_DATABASE_URL !== undefined,
  };
}

interface Row {
  name: string;
  paced: LoadResult;
  max: LoadResult;
}

async function measure(
  name: string,
  options: Options,
  tracker: DeliveryTracker,
  conversations: Conversation[],
): Promise<Row> {
  const { rate, seconds, warmupSeconds, maxSeconds } = options;
  console.log(`${name}: ${conversations.length} chats open; paced run at ${rate} msg/s`);
  const paced = await runLoad(conversations, tracker, {
    mode: 'paced',
    rate,
    seconds,
    warmupSeconds,
  });
  console.log(`${name}: max-rate run`);
  const max = await runLoad(conversations, tracker, {
    mode: 'max',
    seconds: maxSeconds,
    warmupSeconds: Math.min(1, warmupSeconds),
    inFlightPerSide,
  });
  return { name, paced, max };
}

async function benchRelay(options: Options): Promise<Row> {
  const relay = await startRelay();
  const sockets: Socket[] = [];
  try {
    const tracker = new DeliveryTracker();
    const conversations = await openRelayConversations(
      relay.url,
      options.customers,
      tracker,
      sockets,
    );
    return await measure('bare relay', options, tracker, conversations);
  } finally {
    for (const socket of sockets) socket.disconnect();
    await relay.close();
  }
}

async function benchSangdam(engine: Engine, options: Options, databaseUrl: string | null) {
  const name = `sangdam/${engine}`;
  const tracker = new DeliveryTracker();
  const started = performance.now();
  const running = await startSangdamConversations({
    customers: options.customers,
    databaseUrl,
    tracker,
  });
  try {
    console.log(`${name}: set up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await measure(name, options, tracker, running.conversations);
  } finally {
    await running.close();
  }
}

const columns = [
  'run',
  'sent',
  'skipped',
  'delivered',
  'errors',
  'p50 ms',
  'p99 ms',
  'max ms',
  'msg/s',
];
const moreColumns = ['emit lag', 'cores', 'cpu ms/msg', 'rss MB', 'heap MB'];

function tableRow(name: string, r: LoadResult): string[] {
  const errors = Object.entries(r.errors).map(([code, count]) => `${code}×${count}`);
  return [
    name,
    String(r.sent),
    String(r.skipped),
    String(r.delivered),
    errors.length ? errors.join(' ') : '0',
    r.latencyMs.p50.toFixed(1),
    r.latencyMs.p99.toFixed(1),
    r.latencyMs.max.toFixed(1),
    r.throughput.toFixed(0),
    `${r.scheduleLagMs.toFixed(0)} ms`,
    r.cores.toFixed(2),
    r.cpuMsPerMessage.toFixed(3),
    r.peakRssMb.toFixed(0),
    r.peakHeapMb.toFixed(0),
  ];
}

function printTable(rows: Row[]) {
  const lines = [[...columns, ...moreColumns]];
  for (const row of rows) {
    lines.push(tableRow(`${row.name} paced`, row.paced), tableRow(`${row.name} max`, row.max));
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  for (const line of lines) {
    console.log(
      line
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  '),
    );
  }
}

function printVerdicts(relay: Row, sangdams: Row[], rate: number): void {
  for (const row of sangdams) {
    const share = row.max.throughput / relay.max.throughput;
    const p99 = row.paced.latencyMs.p99;
    const p99Met = p99 <= targets.p99Ms;
    const shareMet = share >= targets.throughputShare;
    console.log(
      `${row.name}: throughput ${row.max.throughput.toFixed(0)} / relay ${relay.max.throughput.toFixed(0)} msg/s = ${share.toFixed(2)} ` +
        `(target ≥ ${targets.throughputShare}: ${shareMet ? 'met' : 'MISSED'}); ` +
        `p99 at ${rate} msg/s ${p99.toFixed(1)} ms vs relay ${relay.paced.latencyMs.p99.toFixed(1)} ms ` +
        `(target ≤ ${targets.p99Ms} ms: ${p99Met ? 'met' : 'MISSED'})`,
    );
    const cost = row.max.cpuMsPerMessage;
    const relayCost = relay.max.cpuMsPerMessage;
    console.log(
      `${row.name}: CPU per message at max rate ${cost.toFixed(3)} ms vs relay ${relayCost.toFixed(3)} ms ` +
        `(×${(cost / relayCost).toFixed(0)}); one free core would carry about ${(1000 / cost).toFixed(0)} msg/s`,
    );
  }
}

/** The machine's 1-minute load average: the figures mean little when other work competes. */
function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  console.log(
    `Chat benchmark: ${options.customers} customers + ${options.customers} agents; ` +
      `paced ${options.rate} msg/s for ${options.seconds} s after ${options.warmupSeconds} s warm-up; ` +
      `max rate for ${options.maxSeconds} s (${inFlightPerSide} in flight per side). Latency: emit → push on the other side.`,
  );
  console.log(`Before: ${machineLoad()}`);
  const relay = await benchRelay(options);
  const sangdams = [await benchSangdam('pglite', options, null)];
  if (options.postgres) {
    const postgres = await openBenchPostgres(process.env.TEST_DATABASE_URL);
    try {
      sangdams.push(await benchSangdam('postgres', options, postgres.url));
    } finally {
      await postgres.close();
    }
  }
  console.log(`After: ${machineLoad()}\n`);
  printTable([relay, ...sangdams]);
  console.log('');
  printVerdicts(relay, sangdams, options.rate);
  console.log(
    '(msg/s: messages delivered per second in the measured window; skipped: paced messages not sent while the\n' +
      ' target was 0.5 s of messages behind; emit lag: how far the paced sender fell behind its schedule;\n' +
      ' cores: process CPU / wall time; cpu ms/msg: process CPU per message delivered in the window (clients and\n' +
      " server together, PostgreSQL's own processes not included); rss and heap: whole process, peak)",
  );
  const failed = [relay, ...sangdams].some(
    (row) => Object.keys(row.paced.errors).length + Object.keys(row.max.errors).length > 0,
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
