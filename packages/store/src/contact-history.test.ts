import type { Channel } from '@sangdam/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQueue, buildUser } from '../test/factories.ts';
import { createTestDatabase, engines } from '../test/test-databases.ts';
import {
  contactHistoryQuery,
  isInContactHistory,
  isServingInteraction,
  listContactHistory,
  type ContactHistoryRow,
} from './contact-history.ts';
import type { Db, OpenDatabase } from './database.ts';
import {
  insertCustomer,
  insertInteraction,
  insertParticipant,
  recordWrapUp,
  releaseParticipation,
  setInteractionStatus,
} from './interactions.ts';
import { insertReasons } from './organisation.ts';

/** One contact of a customer (a new customers row, as every chat start makes) at `startedAt`. */
async function contactOf(
  db: Db,
  email: string | null,
  options: { queueId: string; startedAt: Date; channel?: Channel },
) {
  const customer = await insertCustomer(db, { name: 'Min-ji Park', email });
  const { id } = await insertInteraction(db, {
    channel: options.channel ?? 'chat',
    customerId: customer.id,
    queueId: options.queueId,
    entryPointId: null,
    customerTokenHash: null,
    enqueuedAt: options.startedAt,
  });
  await db
    .updateTable('interactions')
    .set({ createdAt: options.startedAt })
    .where('id', '=', id)
    .execute();
  return { id, customerId: customer.id };
}

/**
 * `count` contacts of `email` in one statement each for customers and interactions. Starts are
 * given with microseconds and three contacts share each start, so paging must compare exact
 * timestamps and break ties by id.
 */
async function seedContacts(db: Db, email: string, queueId: string, count: number) {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const customers = await db
    .insertInto('customers')
    .values(Array.from({ length: count }, () => ({ name: 'Seeded', email })))
    .returning('id')
    .execute();
  const startOf = (n: number) =>
    new Date(base - Math.floor(n / 3) * 60_000).toISOString().replace('Z', '417Z');
  await db
    .insertInto('interactions')
    .values(
      customers.map((customer, n) => ({
        channel: 'chat' as const,
        status: 'ended' as const,
        customerId: customer.id,
        queueId,
        enqueuedAt: startOf(n),
        createdAt: startOf(n),
        endedAt: startOf(n),
      })),
    )
    .execute();
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/**
 * The nodes of an `explain (format json)` answer that produce the page's rows, depth first:
 * subplans (a page row's agents and reasons, a handful of rows each) are left out.
 */
function planNodes(explained: readonly Record<string, unknown>[]): PlanNode[] {
  const roots = (explained[0]!['QUERY PLAN'] as { Plan: PlanNode }[]).map((entry) => entry.Plan);
  const all: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    all.push(node);
    node.Plans?.filter((child) => child['Parent Relationship'] !== 'SubPlan').forEach(walk);
  };
  roots.forEach(walk);
  return all;
}

/** The id of the agent's participation in the interaction (one each in these tests). */
async function participationOf(db: Db, interactionId: string, userId: string) {
  const { id } = await db
    .selectFrom('participants')
    .select('id')
    .where('interactionId', '=', interactionId)
    .where('userId', '=', userId)
    .executeTakeFirstOrThrow();
  return id;
}

const newestFirst = (rows: readonly ContactHistoryRow[]) =>
  [...rows].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (b.id > a.id ? 1 : -1));

describe.each(engines)('contact history on %s', (engine) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await createTestDatabase(engine);
  });
  afterAll(() => open.close());

  it('lists the customer’s other contacts by email, any channel, newest first, with who handled them and why', async () => {
    const db = open.db;
    const chatQueue = await buildQueue(db);
    const emailQueue = await buildQueue(db, { channel: 'email' });
    const agent = await buildUser(db, { displayName: 'Ji-ho Kim' });
    const colleague = await buildUser(db, { displayName: 'Seo-yeon Lee' });
    const [billing, refund] = await insertReasons(db, 'wrapUpReasons', [
      { label: `Billing ${engine}` },
      { label: `Refund ${engine}` },
    ]);

    const oldest = await contactOf(db, 'minji@example.test', {
      queueId: chatQueue.id,
      startedAt: new Date('2026-03-01T09:00:00Z'),
    });
    await insertParticipant(db, {
      interactionId: oldest.id,
      userId: agent.id,
      role: 'primary',
      joinedAt: new Date('2026-03-01T09:01:00Z'),
    });
    await insertParticipant(db, {
      interactionId: oldest.id,
      userId: colleague.id,
      role: 'conference',
      joinedAt: new Date('2026-03-01T09:05:00Z'),
    });
    await setInteractionStatus(db, oldest.id, 'ended', new Date('2026-03-01T09:12:30Z'));
    const wrapUpAt = new Date('2026-03-01T09:13:00Z');
    await recordWrapUp(db, {
      participationId: await participationOf(db, oldest.id, agent.id),
      interactionId: oldest.id,
      userId: agent.id,
      reasonIds: [refund!.id, billing!.id],
      at: wrapUpAt,
    });
    await recordWrapUp(db, {
      participationId: await participationOf(db, oldest.id, colleague.id),
      interactionId: oldest.id,
      userId: colleague.id,
      reasonIds: [billing!.id],
      at: wrapUpAt,
    });
    const byEmail = await contactOf(db, 'MinJi@Example.test', {
      queueId: emailQueue.id,
      startedAt: new Date('2026-03-02T09:00:00Z'),
      channel: 'email',
    });
    const current = await contactOf(db, 'minji@example.test', {
      queueId: chatQueue.id,
      startedAt: new Date('2026-03-03T09:00:00Z'),
    });
    await contactOf(db, 'someone-else@example.test', {
      queueId: chatQueue.id,
      startedAt: new Date('2026-03-02T12:00:00Z'),
    });
    await contactOf(db, null, {
      queueId: chatQueue.id,
      startedAt: new Date('2026-03-02T13:00:00Z'),
    });

    const history = await listContactHistory(db, current.id, { beforeId: null, limit: 10 });

    expect(history.map((row) => row.id)).toEqual([byEmail.id, oldest.id]);
    expect(history[0]).toMatchObject({
      channel: 'email',
      queueName: emailQueue.name,
      endedAt: null,
      agents: [],
      wrapUpReasons: [],
    });
    expect(history[1]).toEqual({
      id: oldest.id,
      channel: 'chat',
      status: 'ended',
      queueId: chatQueue.id,
      queueName: chatQueue.name,
      queueChannel: 'chat',
      startedAt: new Date('2026-03-01T09:00:00Z'),
      endedAt: new Date('2026-03-01T09:12:30Z'),
      agents: [
        { id: agent.id, name: 'Ji-ho Kim' },
        { id: colleague.id, name: 'Seo-yeon Lee' },
      ],
      wrapUpReasons: [
        { id: billing!.id, label: `Billing ${engine}` },
        { id: refund!.id, label: `Refund ${engine}` },
      ],
    });
  });

  it('keeps a customer without an email address to their own contacts', async () => {
    const db = open.db;
    const queue = await buildQueue(db);
    const anonymous = await contactOf(db, null, { queueId: queue.id, startedAt: new Date() });
    await contactOf(db, null, { queueId: queue.id, startedAt: new Date() });
    expect(await listContactHistory(db, anonymous.id, { beforeId: null, limit: 10 })).toEqual([]);
  });

  it('pages through 1,000 earlier contacts by keyset, each once, in order, one index range per page', async () => {
    const db = open.db;
    const queue = await buildQueue(db);
    const email = `busy-${engine}@example.test`;
    await seedContacts(db, email, queue.id, 1000);
    const current = await contactOf(db, email, { queueId: queue.id, startedAt: new Date() });
    await seedContacts(db, `other-${engine}@example.test`, queue.id, 200);

    const seen: ContactHistoryRow[] = [];
    let beforeId: string | null = null;
    for (;;) {
      const page: ContactHistoryRow[] = await listContactHistory(db, current.id, {
        beforeId,
        limit: 50,
      });
      seen.push(...page);
      if (page.length < 50) break;
      beforeId = page.at(-1)!.id;
    }
    expect(seen).toHaveLength(1000);
    expect(new Set(seen.map((row) => row.id)).size).toBe(1000);
    expect(seen.map((row) => row.id)).toEqual(newestFirst(seen).map((row) => row.id));

    // A page deep in the list reads only its own rows from the index: no sort, no scan.
    const plan = await contactHistoryQuery(db, `email:${email}`, current.id, {
      beforeId: seen[500]!.id,
      limit: 50,
    }).explain('json', sql`analyze`);
    const nodes = planNodes(plan);
    const scan = nodes.find((node) => node['Index Name'] === 'interactions_customer_history_idx');
    expect(scan?.['Actual Rows']).toBe(50);
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
  });

  it('gives an empty page for a cursor that is not one of this customer’s contacts', async () => {
    const db = open.db;
    const queue = await buildQueue(db);
    const mine = await contactOf(db, 'cursor@example.test', {
      queueId: queue.id,
      startedAt: new Date('2026-04-01T00:00:00Z'),
    });
    await contactOf(db, 'cursor@example.test', {
      queueId: queue.id,
      startedAt: new Date('2026-03-01T00:00:00Z'),
    });
    const theirs = await contactOf(db, 'not-cursor@example.test', {
      queueId: queue.id,
      startedAt: new Date('2026-05-01T00:00:00Z'),
    });
    expect(await listContactHistory(db, mine.id, { beforeId: theirs.id, limit: 10 })).toEqual([]);
  });

  it('opens from the history only the customer’s other contacts', async () => {
    const db = open.db;
    const queue = await buildQueue(db);
    const current = await contactOf(db, 'open@example.test', {
      queueId: queue.id,
      startedAt: new Date(),
    });
    const past = await contactOf(db, 'open@example.test', {
      queueId: queue.id,
      startedAt: new Date('2026-01-01T00:00:00Z'),
    });
    const stranger = await contactOf(db, 'stranger@example.test', {
      queueId: queue.id,
      startedAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(await isInContactHistory(db, current.id, past.id)).toBe(true);
    expect(await isInContactHistory(db, current.id, current.id)).toBe(false);
    expect(await isInContactHistory(db, current.id, stranger.id)).toBe(false);
  });

  it('counts an agent as serving a contact until their wrap-up releases them', async () => {
    const db = open.db;
    const queue = await buildQueue(db);
    const agent = await buildUser(db);
    const other = await buildUser(db);
    const chat = await contactOf(db, 'serve@example.test', {
      queueId: queue.id,
      startedAt: new Date(),
    });
    await insertParticipant(db, {
      interactionId: chat.id,
      userId: agent.id,
      role: 'primary',
      joinedAt: new Date(),
    });
    expect(await isServingInteraction(db, agent.id, chat.id)).toBe(true);
    expect(await isServingInteraction(db, other.id, chat.id)).toBe(false);
    await releaseParticipation(db, await participationOf(db, chat.id, agent.id), new Date());
    expect(await isServingInteraction(db, agent.id, chat.id)).toBe(false);
  });
});
