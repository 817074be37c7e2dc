// Contact history benchmark: a customer with 1,000 earlier contacts (each with an agent and two
// wrap-up reasons) among 20,000 contacts of other customers; every page of the history, walked
// with the keyset cursor, on PGlite and PostgreSQL. Beside it, the same pages read the plain way
// (customers by lower(email), OFFSET paging), in the same run. `npm run bench:history`.
import {
  contactHistoryQuery,
  insertQueue,
  insertReasons,
  insertUser,
  listContactHistory,
  migrate,
  openDatabase,
  type DatabaseTarget,
  type Db,
} from '@sangdam/store';
import { startThrowawayPostgres } from '@sangdam/store/test/postgres-global-setup.ts';
import { limits } from '@sangdam/contracts';
import { sql } from 'kysely';
import pg from 'pg';

const HISTORY = 1_000;
const OTHERS = 20_000;
const PAGE = limits.contactHistoryPageSize;
const EMAIL = 'returning@bench.test';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Contacts of `emailOf(n)`, in batches; returns the id of the newest contact of EMAIL. */
async function seed(db: Db): Promise<string> {
  const queue = await insertQueue(db, {
    name: 'Bench chat',
    channel: 'chat',
    offerTimeoutSeconds: null,
  });
  const agent = await insertUser(db, {
    email: 'agent@bench.test',
    displayName: 'Bench Agent',
    role: 'agent',
    passwordHash: 'not-a-real-hash',
  });
  const reasons = await insertReasons(db, 'wrapUpReasons', [
    { label: 'Billing' },
    { label: 'Resolved' },
  ]);
  const base = Date.parse('2026-01-01T00:00:00Z');
  const total = HISTORY + 1 + OTHERS;
  let current = '';
  for (let from = 0; from < total; from += 1_000) {
    const size = Math.min(1_000, total - from);
    const emailOf = (n: number) => (n <= HISTORY ? EMAIL : `customer${n}@bench.test`);
    const customers = await db
      .insertInto('customers')
      .values(Array.from({ length: size }, (_, k) => ({ name: 'C', email: emailOf(from + k) })))
      .returning('id')
      .execute();
    const at = (n: number) => new Date(base + n * 60_000);
    const interactions = await db
      .insertInto('interactions')
      .values(
        customers.map((customer, k) => ({
          channel: 'chat' as const,
          status: 'ended' as const,
          customerId: customer.id,
          queueId: queue.id,
          enqueuedAt: at(from + k),
          createdAt: at(from + k),
          endedAt: new Date(at(from + k).getTime() + 300_000),
        })),
      )
      .returning('id')
      .execute();
    if (HISTORY >= from && HISTORY < from + size) current = interactions[HISTORY - from]!.id;
    const participations = await db
      .insertInto('participants')
      .values(
        interactions.map(({ id }, k) => ({
          interactionId: id,
          userId: agent.id,
          role: 'primary' as const,
          joinedAt: at(from + k),
          leftAt: at(from + k),
          releasedAt: at(from + k),
        })),
      )
      .returning(['id', 'interactionId'])
      .execute();
    const wrapUps = await db
      .insertInto('wrapUps')
      .values(
        participations.map(({ id, interactionId }, k) => ({
          participationId: id,
          interactionId,
          userId: agent.id,
          submittedAt: at(from + k),
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('wrapUpSelections')
      .values(wrapUps.flatMap(({ id }) => reasons.map((r) => ({ wrapUpId: id, reasonId: r.id }))))
      .execute();
  }
  await sql`analyze`.execute(db);
  return current;
}

/** The plain way: the customer's contacts through customers by email, page by OFFSET. */
function offsetPage(db: Db, current: string, offset: number) {
  return sql`
    select i.id, i.channel, i.created_at, i.ended_at, q.name,
      (select json_agg(u.display_name) from participants p join users u on u.id = p.user_id
        where p.interaction_id = i.id) as agents,
      (select json_agg(r.label) from wrap_ups w join wrap_up_selections s on s.wrap_up_id = w.id
        join wrap_up_reasons r on r.id = s.reason_id where w.interaction_id = i.id) as reasons
    from interactions cur
    join customers cc on cc.id = cur.customer_id
    join customers c on lower(c.email) = lower(cc.email)
    join interactions i on i.customer_id = c.id and i.id <> cur.id
    join queues q on q.id = i.queue_id
    where cur.id = ${current}
    order by i.created_at desc, i.id desc
    limit ${PAGE} offset ${offset}`.execute(db);
}

async function timePages(label: string, readPage: (n: number) => Promise<number>) {
  const times: number[] = [];
  let rows = 0;
  for (let round = 0; round < 3; round++) {
    rows = 0;
    for (let n = 0; ; n++) {
      const started = performance.now();
      const count = await readPage(n);
      if (round > 0) times.push(performance.now() - started);
      rows += count;
      if (count < PAGE) break;
    }
  }
  const sorted = times.sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  console.log(
    `  ${label.padEnd(34)} ${rows} contacts, ms per page: mean ${mean.toFixed(2)}, ` +
      `p50 ${percentile(sorted, 0.5).toFixed(2)}, p99 ${percentile(sorted, 0.99).toFixed(2)}`,
  );
  return mean;
}

async function run(engine: string, target: DatabaseTarget) {
  const open = await openDatabase(target);
  try {
    await migrate(open.db);
    const current = await seed(open.db);
    console.log(`${engine}: ${HISTORY} earlier contacts among ${OTHERS} others, pages of ${PAGE}`);
    let before: string | null = null;
    const keyset = await timePages('keyset (listContactHistory)', async (n) => {
      if (n === 0) before = null;
      const page = await listContactHistory(open.db, current, { beforeId: before, limit: PAGE });
      before = page.at(-1)?.id ?? null;
      return page.length;
    });
    const baseline = await timePages('baseline (email join, OFFSET)', async (n) => {
      const { rows } = await offsetPage(open.db, current, n * PAGE);
      return rows.length;
    });
    console.log(`  keyset is ${(baseline / keyset).toFixed(1)}× faster per page`);
    const plan = await contactHistoryQuery(open.db, `email:${EMAIL}`, current, {
      beforeId: null,
      limit: PAGE,
    }).explain();
    const lines = plan.slice(0, 4).map((row): unknown => row['QUERY PLAN']);
    console.log(`  plan:\n    ${lines.join('\n    ')}`);
  } finally {
    await open.close();
  }
}

async function main() {
  await run('PGlite (in memory)', { kind: 'pglite', dataDir: null });
  const external = process.env.TEST_DATABASE_URL;
  const server = external
    ? { url: external, stop: () => Promise.resolve() }
    : await startThrowawayPostgres();
  try {
    const name = `sangdam_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    await run('PostgreSQL', { kind: 'postgres', url: url.toString() });
  } finally {
    await server.stop();
  }
}

await main();
