import type { PresenceCause, PresenceState } from '@sangdam/core';
import { AppError } from '@sangdam/core';
import type { Executor, Tx } from './database.ts';

const presenceColumns = ['state', 'idleReasonId', 'since', 'availableSince', 'version'] as const;

/** The agent's stored presence; a user never seen before is offline. */
export async function loadPresence(
  db: Executor,
  userId: string,
  now: Date,
): Promise<PresenceState> {
  await db
    .insertInto('agentPresence')
    .values({ userId, state: 'offline', since: now, availableSince: null })
    .onConflict((oc) => oc.column('userId').doNothing())
    .execute();
  const row = await db
    .selectFrom('agentPresence')
    .select(presenceColumns)
    .where('userId', '=', userId)
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * Writes `next` only if the stored version is still `expectedVersion` (compare-and-set), and
 * logs the change for reports. Throws STALE_VERSION when another node changed it first.
 */
export async function savePresence(
  db: Executor,
  userId: string,
  expectedVersion: number,
  next: PresenceState,
  cause: PresenceCause,
): Promise<void> {
  if (next.version === expectedVersion) return;
  const result = await db
    .updateTable('agentPresence')
    .set({
      state: next.state,
      idleReasonId: next.idleReasonId,
      since: next.since,
      availableSince: next.availableSince,
      version: next.version,
    })
    .where('userId', '=', userId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) {
    throw new AppError('STALE_VERSION', 'Your status changed elsewhere; try again');
  }
  await db
    .insertInto('agentStateLog')
    .values({ userId, state: next.state, idleReasonId: next.idleReasonId, cause, at: next.since })
    .execute();
}

/** Holds the agent's presence row until the transaction ends: their changes take turns. */
export async function lockPresence(db: Tx, userId: string): Promise<void> {
  await db
    .selectFrom('agentPresence')
    .select('userId')
    .where('userId', '=', userId)
    .forUpdate()
    .execute();
}

export async function idleReasonExists(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('idleReasons')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
