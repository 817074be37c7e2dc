import type { Channel } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** A participation whose wrap-up deadline has passed (R-WU-2). */
export interface DueWrapUp {
  participationId: string;
  interactionId: string;
  userId: string;
}

/** Participations owing a wrap-up whose deadline is at or before `now`, earliest first. */
export async function listDueWrapUps(db: Executor, now: Date, limit: number): Promise<DueWrapUp[]> {
  return db
    .selectFrom('participants')
    .select(['id as participationId', 'interactionId', 'userId'])
    .where('wrapUpDueAt', '<=', now)
    .where('releasedAt', 'is', null)
    .orderBy('wrapUpDueAt')
    .limit(limit)
    .execute();
}

/**
 * Locks the interaction of a due wrap-up, skipping it when a use case holds it (the next sweep
 * takes it): true when the participation is still due under the lock. The second read sees what
 * a wrap-up submitted or held just before the lock committed.
 */
export async function lockDueWrapUp(
  tx: Executor,
  participationId: string,
  now: Date,
): Promise<boolean> {
  const due = sql`p.id = ${participationId} and p.wrap_up_due_at <= ${now}
    and p.released_at is null`;
  const locked = await sql`
    select i.id from participants p join interactions i on i.id = p.interaction_id
    where ${due} for update of i skip locked`.execute(tx);
  if (locked.rows.length === 0) return false;
  const still = await sql`select p.id from participants p where ${due}`.execute(tx);
  return still.rows.length > 0;
}

/** The reason recorded when nobody chose one, if the admin marked one as default. */
export async function findDefaultWrapUpReason(db: Executor): Promise<string | undefined> {
  const row = await db
    .selectFrom('wrapUpReasons')
    .select('id')
    .where('isDefault', '=', true)
    .executeTakeFirst();
  return row?.id;
}

/** Stops a participation's wrap-up countdown: its wrap-up waits for the agent. */
export async function clearWrapUpDeadline(db: Executor, participationId: string): Promise<void> {
  await db
    .updateTable('participants')
    .set({ wrapUpDueAt: null })
    .where('id', '=', participationId)
    .execute();
}

/** How long the channel gives for a wrap-up (null: no limit) and whether agents may stop it. */
export async function setChannelWrapUp(
  db: Executor,
  channel: Channel,
  settings: { wrapUpTimeoutSeconds?: number | null; wrapUpCancelAllowed?: boolean },
): Promise<void> {
  if (settings.wrapUpTimeoutSeconds === undefined && settings.wrapUpCancelAllowed === undefined) {
    return;
  }
  await db.updateTable('channelSettings').set(settings).where('channel', '=', channel).execute();
}
