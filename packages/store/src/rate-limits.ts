import type { CustomerLimits } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** The admin's limits on customers (one row, made by the migration). */
export async function loadCustomerLimits(db: Executor): Promise<CustomerLimits> {
  return db
    .selectFrom('customerLimits')
    .select(['chatStartsPerIpPerMinute', 'messagesPerChatPerMinute', 'requestsPerIpPerMinute'])
    .executeTakeFirstOrThrow();
}

export async function saveCustomerLimits(db: Executor, limits: CustomerLimits): Promise<void> {
  await db.updateTable('customerLimits').set(limits).execute();
}

/**
 * Counts one hit of `key` in the one-minute window that holds `now` and returns the window's
 * count so far. One statement, so nodes racing on one key never lose a hit.
 */
export async function countHit(db: Executor, key: string, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const row = await db
    .insertInto('rateLimitWindows')
    .values({ key, windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_windows.window_start = excluded.window_start
          then rate_limit_windows.hits + 1 else 1 end`,
        windowStart: (eb) => eb.ref('excluded.windowStart'),
      }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

/** Forgets windows that ended before `before` (the workers' sweep). */
export async function deleteRateLimitWindowsBefore(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('rateLimitWindows').where('windowStart', '<', before).execute();
}
