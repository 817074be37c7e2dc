// Routing benchmark: enqueue→offer latency through the real startChat and Router, and backlog
// drain rate, on PGlite and PostgreSQL, against the targets and against one offer per
// transaction (the router before batching). `npm run bench:routing`.
import { startChat } from '@sangdam/server/src/services/chat/chat.ts';
import type { Deps } from '@sangdam/server/src/services/deps.ts';
import { setPresence, signInPresence } from '@sangdam/server/src/services/interactions/presence.ts';
import { Router } from '@sangdam/server/src/services/interactions/router.ts';
import { spoolPlace } from '@sangdam/server/src/services/spool.ts';
import {
  addTeamMembers,
  addTeamQueues,
  insertEntryPoint,
  insertProfile,
  insertQueue,
  insertTeam,
  insertUser,
  migrate,
  openDatabase,
  type DatabaseTarget,
  type Db,
  blobStoreFor,
} from '@sangdam/store';
import { startThrowawayPostgres } from '@sangdam/store/test/postgres-global-setup.ts';
import { connectDesktop } from '@sangdam/store/test/factories.ts';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';

const AGENTS = 200;
const BACKLOG = 10_000;
const LATENCY_SAMPLES = 500;
const TARGET_P99_MS = 100;
const TARGET_OFFERS_PER_SECOND = 1_000;

interface Org {
  chatQueueId: string;
  emailQueueId: string;
  entryPointId: string;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** One queue per channel (longest offer timeout), one team of AGENTS agents at chat 5 / email 5. */
async function organise(db: Db, deps: Deps): Promise<Org> {
  const profile = await insertProfile(db, {
    name: 'Bench profile',
    mode: 'blended',
    chatCapacity: 5,
    emailCapacity: 5,
  });
  const chat = await insertQueue(db, {
    name: 'Bench chat',
    channel: 'chat',
    offerTimeoutSeconds: 600,
  });
  const email = await insertQueue(db, {
    name: 'Bench email',
    channel: 'email',
    offerTimeoutSeconds: 600,
  });
  const entryPoint = await insertEntryPoint(db, { name: 'Bench', queueId: chat.id, greeting: '' });
  const team = await insertTeam(db, { name: 'Bench team', profileId: profile.id });
  await addTeamQueues(db, team.id, [chat.id, email.id]);
  for (let n = 0; n < AGENTS; n++) {
    const user = await insertUser(db, {
      email: `agent${n}@bench.test`,
      displayName: `Agent ${n}`,
      role: 'agent',
      passwordHash: 'not-a-real-hash',
    });
    await addTeamMembers(db, team.id, [user.id]);
    await connectDesktop(db, user.id);
    await signInPresence(deps, user.id);
    await setPresence(deps, user.id, { state: 'available' });
  }
  return { chatQueueId: chat.id, emailQueueId: email.id, entryPointId: entryPoint.id };
}

/** Agents finish every offered contact at once (not timed): their capacity is free again. */
async function finishOffered(db: Db) {
  await sql`update offers set status = 'accepted', decided_at = now() where status = 'pending'`.execute(
    db,
  );
  await sql`update interactions set status = 'ended', ended_at = now() where status = 'offered'`.execute(
    db,
  );
}

/** A chat arrives through startChat; the clock stops when its offer:new is published. */
async function latency(db: Db, deps: Deps, org: Org, waiters: Map<string, () => void>) {
  const samples: number[] = [];
  for (let n = 0; n < LATENCY_SAMPLES; n++) {
    const started = performance.now();
    let offered!: () => void;
    const published = new Promise<void>((resolve) => (offered = resolve));
    const chat = await startChat(deps, {
      entryPointId: org.entryPointId,
      name: `Customer ${n}`,
      email: `customer${n}@bench.test`,
    });
    waiters.set(chat.interactionId, offered);
    await published;
    samples.push(performance.now() - started);
    await finishOffered(db);
  }
  return samples.sort((a, b) => a - b);
}

async function fillBacklog(db: Db, org: Org) {
  const started = new Date(Date.now() - BACKLOG * 1000);
  const { rows } = await sql<{ id: string }>`
    insert into customers (name, email)
    select 'Waiting ' || n, 'waiting' || n || '@bench.test' from generate_series(1, ${BACKLOG}) n
    returning id`.execute(db);
  const values = rows.map((row, n) => ({
    channel: n % 2 === 0 ? ('chat' as const) : ('email' as const),
    status: 'queued' as const,
    customerId: row.id,
    queueId: n % 2 === 0 ? org.chatQueueId : org.emailQueueId,
    enqueuedAt: new Date(started.getTime() + n * 1000),
  }));
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('interactions')
      .values(values.slice(i, i + 1000))
      .execute();
  }
}

/** Routes the backlog (capacity freed between passes, not timed); returns offers per second. */
async function drain(db: Db, router: Router, counted: { offers: number }, rounds: number) {
  let routingMs = 0;
  counted.offers = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    router.request();
    await router.idle();
    routingMs += performance.now() - started;
    await finishOffered(db);
    const left = await db
      .selectFrom('interactions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) break;
  }
  return { offers: counted.offers, seconds: routingMs / 1000 };
}

async function benchEngine(label: string, target: DatabaseTarget) {
  const open = await openDatabase(target);
  await migrate(open.db);
  const waiters = new Map<string, () => void>();
  const counted = { offers: 0 };
  let routers: Router[] = [];
  const deps: Deps = {
    db: open.db,
    blobs: blobStoreFor(open),
    spool: spoolPlace('memory://'),
    clock: () => new Date(),
    log: pino({ level: 'warn' }),
    requestRouting: () => routers[0]?.request(),
    publisher: {
      async publish(pushes) {
        for (const push of pushes) {
          if (push.event !== 'offer:new') continue;
          counted.offers += 1;
          waiters.get(push.payload.interactionId)?.();
          waiters.delete(push.payload.interactionId);
        }
      },
      async publishWith(_tx, pushes) {
        return () => void this.publish(pushes);
      },
    },
  };
  const batched = new Router(deps);
  const single = new Router(deps, 1000, 1);
  routers = [batched];
  const org = await organise(open.db, deps);

  const sorted = await latency(open.db, deps, org, waiters);
  const p50 = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  console.log(
    `\n${label}: ${AGENTS} agents (chat 5 / email 5), ${LATENCY_SAMPLES} chats one by one`,
  );
  console.log(
    `  enqueue→offer   p50 ${p50.toFixed(1)} ms   p99 ${p99.toFixed(1)} ms   max ${sorted.at(-1)?.toFixed(1)} ms   (target p99 ≤ ${TARGET_P99_MS} ms: ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'})`,
  );

  await fillBacklog(open.db, org);
  const one = await drain(open.db, single, counted, 1);
  const rate = (r: { offers: number; seconds: number }) => r.offers / r.seconds;
  console.log(
    `  backlog ${BACKLOG}: one offer per transaction (before)   ${one.offers} offers in ${one.seconds.toFixed(2)} s = ${rate(one).toFixed(0)} offers/s`,
  );
  const all = await drain(open.db, batched, counted, Number.POSITIVE_INFINITY);
  console.log(
    `  rest of the backlog: batched router (now)              ${all.offers} offers in ${all.seconds.toFixed(2)} s = ${rate(all).toFixed(0)} offers/s   (target ≥ ${TARGET_OFFERS_PER_SECOND}/s: ${rate(all) >= TARGET_OFFERS_PER_SECOND ? 'met' : 'MISSED'}; ${(rate(all) / rate(one)).toFixed(1)}× before)`,
  );
  await open.close();
}

async function postgresTarget(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL;
  const server = external
    ? { url: external, stop: () => Promise.resolve() }
    : await startThrowawayPostgres();
  const name = `sangdam_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: server.stop };
}

await benchEngine('PGlite (embedded, in memory)', { kind: 'pglite', dataDir: null });
const postgres = await postgresTarget();
try {
  await benchEngine('PostgreSQL', { kind: 'postgres', url: postgres.url, poolSize: 10 });
} finally {
  await postgres.stop();
}
