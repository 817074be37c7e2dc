import type { AdminEntryPoint, EntryPointBody } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** Chat entry points (§7): the widget's pre-chat form, greeting and virtual assistant. */

const columns = [
  'e.id',
  'e.name',
  'e.queueId',
  'e.greeting',
  'e.nameField',
  'e.emailField',
  'e.assistantAnswers as answers',
  'e.offerAgent',
  'e.handOverAfterMisses',
  'e.isDefault',
] as const;

function entryPointQuery(db: Executor) {
  return db
    .selectFrom('entryPoints as e')
    .innerJoin('queues as q', 'q.id', 'e.queueId')
    .select(columns)
    .select(['q.name as queueName', 'q.channel as queueChannel']);
}

type Row = Awaited<ReturnType<ReturnType<typeof entryPointQuery>['executeTakeFirstOrThrow']>>;

const present = (row: Row): AdminEntryPoint => ({
  id: row.id,
  name: row.name,
  queueId: row.queueId,
  queue: { id: row.queueId, name: row.queueName, channel: row.queueChannel },
  nameField: row.nameField,
  emailField: row.emailField,
  greeting: row.greeting,
  answers: row.answers,
  handOver: { offerAgent: row.offerAgent, afterMisses: row.handOverAfterMisses },
  isDefault: row.isDefault,
});

export type EntryPoint = AdminEntryPoint;

/** An entry point by id, or the default one when `id` is undefined. */
export async function findEntryPoint(
  db: Executor,
  id: string | undefined,
): Promise<EntryPoint | undefined> {
  let query = entryPointQuery(db);
  query = id ? query.where('e.id', '=', id) : query.where('e.isDefault', '=', true);
  const row = await query.executeTakeFirst();
  return row && present(row);
}

/** Every entry point, the default first, then by name. */
export async function listEntryPoints(db: Executor): Promise<EntryPoint[]> {
  const rows = await entryPointQuery(db)
    .orderBy('e.isDefault', 'desc')
    .orderBy(sql`lower(e.name)`)
    .execute();
  return rows.map(present);
}

/**
 * How many entry points exist, with inserts by others held off until this transaction ends, so
 * a count-then-insert keeps the maximum under concurrent admins.
 */
export async function countEntryPointsForInsert(db: Executor): Promise<number> {
  await sql`lock table entry_points in share row exclusive mode`.execute(db);
  const row = await db
    .selectFrom('entryPoints')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether another entry point already has this name, ignoring case. */
export async function entryPointNameTaken(
  db: Executor,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('entryPoints')
    .select('id')
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

const values = (body: EntryPointBody) => ({
  name: body.name,
  queueId: body.queueId,
  greeting: body.greeting,
  nameField: body.nameField,
  emailField: body.emailField,
  assistantAnswers: JSON.stringify(body.answers),
  offerAgent: body.handOver.offerAgent,
  handOverAfterMisses: body.handOver.afterMisses,
});

export async function insertAdminEntryPoint(db: Executor, body: EntryPointBody): Promise<string> {
  const row = await db
    .insertInto('entryPoints')
    .values(values(body))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether the entry point was updated (false: it no longer exists). */
export async function updateAdminEntryPoint(
  db: Executor,
  id: string,
  body: EntryPointBody,
): Promise<boolean> {
  const result = await db
    .updateTable('entryPoints')
    .set(values(body))
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Deletes an entry point that is not the default; chats that came through it lose only the link
 * (`entry_point_id` is set null). 'default' when it is the default, 'missing' when it is gone.
 */
export async function deleteAdminEntryPoint(
  db: Executor,
  id: string,
): Promise<'deleted' | 'default' | 'missing'> {
  const row = await db
    .selectFrom('entryPoints')
    .select('isDefault')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return 'missing';
  if (row.isDefault) return 'default';
  await db.deleteFrom('entryPoints').where('id', '=', id).execute();
  return 'deleted';
}

/** Sets how many unmatched messages in a row a chat with the assistant has had. */
export async function setAssistantMisses(
  db: Executor,
  interactionId: string,
  misses: number,
): Promise<void> {
  await db
    .updateTable('interactions')
    .set({ assistantMisses: misses })
    .where('id', '=', interactionId)
    .execute();
}

/**
 * The assistant hands the chat to its queue: it starts waiting now (FIFO counts from here, not
 * from the time spent with the assistant). False when the chat was no longer with the assistant.
 */
export async function handOverToQueue(
  db: Executor,
  interactionId: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('interactions')
    .set({ status: 'queued', enqueuedAt: now })
    .where('id', '=', interactionId)
    .where('status', '=', 'assistant')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
