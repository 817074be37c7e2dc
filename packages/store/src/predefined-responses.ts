import type { PredefinedResponse, PredefinedResponseBody } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

const columns = ['id', 'title', 'text', 'category', 'createdAt', 'updatedAt'] as const;

type Row = { id: string; title: string; text: string; category: string | null } & {
  createdAt: Date;
  updatedAt: Date;
};

const present = (row: Row): PredefinedResponse => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Every predefined response, grouped by category (uncategorised last), then by title. */
export async function listPredefinedResponses(db: Executor): Promise<PredefinedResponse[]> {
  const rows = await db
    .selectFrom('predefinedResponses')
    .select(columns)
    .orderBy(sql`category is null`)
    .orderBy(sql`lower(category)`)
    .orderBy(sql`lower(title)`)
    .execute();
  return rows.map(present);
}

/**
 * How many responses exist, with inserts by others held off until this transaction ends, so a
 * count-then-insert keeps the maximum under concurrent admins.
 */
export async function countPredefinedResponsesForInsert(db: Executor): Promise<number> {
  await sql`lock table predefined_responses in share row exclusive mode`.execute(db);
  const row = await db
    .selectFrom('predefinedResponses')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether another response already has this title, ignoring case and surrounding space. */
export async function responseTitleTaken(
  db: Executor,
  title: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('predefinedResponses')
    .select('id')
    .where(sql<boolean>`lower(title) = lower(trim(${title}))`);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export async function insertPredefinedResponse(
  db: Executor,
  body: PredefinedResponseBody,
  now: Date,
): Promise<PredefinedResponse> {
  const row = await db
    .insertInto('predefinedResponses')
    .values({ ...body, createdAt: now, updatedAt: now })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return present(row);
}

/** The updated response, or undefined when it no longer exists. */
export async function updatePredefinedResponse(
  db: Executor,
  id: string,
  body: PredefinedResponseBody,
  now: Date,
): Promise<PredefinedResponse | undefined> {
  const row = await db
    .updateTable('predefinedResponses')
    .set({ ...body, updatedAt: now })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row && present(row);
}

/** Whether a response was deleted (false: it no longer existed). */
export async function deletePredefinedResponse(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('predefinedResponses').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
