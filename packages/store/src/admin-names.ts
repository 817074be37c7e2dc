import { sql } from 'kysely';
import type { Executor } from './database.ts';

type Named = 'queues' | 'teams' | 'multimedia_profiles' | 'wrap_up_reasons' | 'idle_reasons';

/**
 * Whether another row of `table` already has this name, ignoring case and surrounding space:
 * "Billing" and "billing " would look the same to agents picking from a list.
 */
export async function nameTaken(
  db: Executor,
  table: Named,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  const column = table === 'wrap_up_reasons' || table === 'idle_reasons' ? 'label' : 'name';
  const { rows } = await sql<{ id: string }>`
    select id from ${sql.table(table)}
    where lower(trim(${sql.ref(column)})) = lower(trim(${name}))
      and (${exceptId}::uuid is null or id <> ${exceptId}::uuid)
    limit 1`.execute(db);
  return rows.length > 0;
}

/** Which of `ids` are missing from `table` (to reject unknown references before a write). */
export async function missingIds(
  db: Executor,
  table: 'queues' | 'teams' | 'users' | 'multimedia_profiles',
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    select id from ${sql.table(table)} where id in (${sql.join(ids)})`.execute(db);
  const found = new Set(rows.map((r) => r.id));
  return [...new Set(ids)].filter((id) => !found.has(id));
}
