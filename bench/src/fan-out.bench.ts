// What other nodes' traffic costs one node, on each fan-out (npm run bench:fan-out).
//
// A receiving node (fan-out-node.ts, a process of its own) runs Socket.IO on the PostgreSQL
// adapter, then on the sharded Redis adapter (dynamic subscriptions), with one client in the room
// `held`. A publishing node (this process) broadcasts chat events of a realistic size:
//   - "miss": to rooms the receiver does not hold (another node's customers and agents);
//   - "deliver": to the room it holds (its client gets each one).
// The receiver's CPU (every thread of its process) per broadcast, less what it uses idle, gives
// the cost of a broadcast it hears but has no socket for, and of one it delivers. From those,
// the per-node cost of other nodes' traffic for N = 3, 10, 30 nodes, each committing `m` pushes a
// second for rooms spread evenly over the nodes:
//   PostgreSQL: every node hears every broadcast: m·(N−1) a second, of which m·(N−1)/N for it;
//   Redis:      a node hears only its rooms' channels: m·(N−1)/N a second, all for it.
import { createAdapter } from '@socket.io/postgres-adapter';
import {
  connectRedisFanOut,
  type RedisFanOut,
} from '@sangdam/server/src/realtime/redis-fan-out.ts';
import { startTestRedis } from '@sangdam/server/test/redis-server.ts';
import { migrate, openDatabase, type OpenDatabase } from '@sangdam/store';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { Server, type Namespace } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { PacketType } from 'socket.io-parser';
import { openBenchPostgres } from './chat-postgres.ts';

const broadcasts = Number(process.env.FANOUT_BENCH_BROADCASTS ?? 5000);
/** Pushes a second each node commits (its own customers' and agents' traffic). */
const perNodeRate = Number(process.env.FANOUT_BENCH_RATE ?? 500);
const clusterSizes = [3, 10, 30];

/** An interaction:event as the gateway pushes it (a chat message, ~350 bytes of JSON). */
const payload = {
  interactionId: '0b7e3f5c-5d7a-4c59-9f0e-6a1f7a9d2c11',
  seq: 42,
  type: 'message',
  at: new Date().toISOString(),
  author: { kind: 'customer', displayName: 'Customer 42' },
  text: 'Hello, I ordered a blue jacket last week and it has not arrived yet. Can you check?',
  clientMessageId: 'c5d0f0a4-2b1e-4f7c-8a55-3d2b9e61f0aa',
};

interface Costs {
  /** µs of the receiver's CPU per broadcast to a room it does not hold. */
  missUs: number;
  /** µs per broadcast it delivers to its one client. */
  deliverUs: number;
}

async function main() {
  const results = new Map<string, Costs>();
  const redisServer = await startTestRedis();
  if (typeof redisServer === 'string') {
    console.log(`Redis fan-out not measured: ${redisServer}`);
  } else {
    try {
      const redis = await connectRedisFanOut(redisServer.url, pino({ level: 'warn' }));
      results.set('sharded Redis adapter', await measure('redis', redisServer.url, { redis }));
      await redis.close();
    } finally {
      await redisServer.stop();
    }
  }
  const postgres = await openBenchPostgres(process.env.TEST_DATABASE_URL);
  try {
    const url = await postgres.createDatabase();
    const publisher = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    // The adapter's listening connection goes back to the pool idle and dies with the server.
    publisher.pool!.on('error', () => {});
    await migrate(publisher.db);
    results.set('PostgreSQL adapter', await measure('postgres', url, { database: publisher }));
    report(results);
    await publisher.close();
  } finally {
    await postgres.close();
  }
}

async function measure(
  kind: 'postgres' | 'redis',
  url: string,
  via: { database?: OpenDatabase; redis?: RedisFanOut },
): Promise<Costs> {
  const node = await startNode(kind, url);
  const io = new Server();
  if (via.database)
    io.adapter(createAdapter(via.database.pool!, { tableName: 'socket_io_attachments' }));
  if (via.redis) io.adapter(via.redis.adapter);
  const nsp = io.of('/');
  const client = connect(`http://127.0.0.1:${node.port}`, { transports: ['websocket'] });
  let delivered = 0;
  client.on('interaction:event', () => (delivered += 1));
  await new Promise<void>((resolve) => client.once('joined', resolve));
  // The PostgreSQL adapter LISTENs once its first query is through.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  try {
    const idleUsPerMs = await idleCpu(node);
    const run = async (room: (i: number) => string) => {
      const before = await node.cpuUs();
      const started = Date.now();
      for (let i = 0; i < broadcasts; i += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, broadcasts - i) }, (_, j) =>
            broadcast(nsp, room(i + j)),
          ),
        );
      }
      // Everything before it has been handled once the receiver's client has this.
      const seen = new Promise<void>((resolve) => client.once('sentinel', () => resolve()));
      nsp.to('held').emit('sentinel');
      await seen;
      const used = (await node.cpuUs()) - before - idleUsPerMs * (Date.now() - started);
      return Math.max(0, used) / broadcasts;
    };
    // Warm-up (JIT, connections), then the two measurements.
    await run((i) => `customer:warm-${i % 500}`);
    const missUs = await run((i) => `customer:elsewhere-${i % 1000}`);
    const deliveredBefore = delivered;
    const deliverUs = await run(() => 'held');
    if (delivered - deliveredBefore !== broadcasts) {
      throw new Error(`the client got ${delivered - deliveredBefore} of ${broadcasts}`);
    }
    console.log(
      `${kind}: ${missUs.toFixed(1)} µs per broadcast heard for another node, ${deliverUs.toFixed(1)} µs per one delivered (${broadcasts} each)`,
    );
    return { missUs, deliverUs };
  } finally {
    client.close();
    await node.stop();
    // Not attached to an HTTP server, so no `io.close()`: only its adapter to close.
    await nsp.adapter.close();
  }
}

function broadcast(nsp: Namespace, room: string): Promise<void> {
  return Promise.resolve(
    nsp.adapter.broadcast(
      { type: PacketType.EVENT, data: ['interaction:event', payload] },
      { rooms: new Set([room]), except: new Set(), flags: {} },
    ) as Promise<void> | undefined,
  );
}

/** The receiver's CPU per ms when nothing happens (timers, the adapter's heartbeats). */
async function idleCpu(node: ReceivingNode): Promise<number> {
  const before = await node.cpuUs();
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return ((await node.cpuUs()) - before) / (Date.now() - started);
}

interface ReceivingNode {
  port: number;
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

async function startNode(kind: string, url: string): Promise<ReceivingNode> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./fan-out-node.ts', import.meta.url)),
    [kind, url],
    { execArgv: ['--import', 'tsx'] },
  );
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string } & T) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the receiving node exited (${code})`)));
    });
  const { port } = await next<{ port: number }>('ready');
  return {
    port,
    async cpuUs() {
      const answer = next<{ cpu: NodeJS.CpuUsage }>('usage');
      child.send({ type: 'usage' });
      const { cpu } = await answer;
      return cpu.user + cpu.system;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

function report(results: Map<string, Costs>) {
  console.log(
    `\nPer-node CPU spent on other nodes' traffic, each node committing ${perNodeRate} pushes/s` +
      ' for rooms spread evenly over the nodes (share of one core):',
  );
  console.log(['fan-out', ...clusterSizes.map((n) => `N = ${n}`)].join(' | '));
  for (const [name, { missUs, deliverUs }] of results) {
    const cells = clusterSizes.map((n) => {
      const others = perNodeRate * (n - 1);
      const heard = name.startsWith('PostgreSQL') ? others : others / n;
      const forIt = others / n;
      const us = name.startsWith('PostgreSQL')
        ? (heard - forIt) * missUs + forIt * deliverUs
        : forIt * deliverUs;
      return `${Math.round(heard)}/s heard, ${((us / 1e6) * 100).toFixed(1)} %`;
    });
    console.log([name, ...cells].join(' | '));
  }
}

await main();
