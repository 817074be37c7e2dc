import type { Channel } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor, Tx } from './database.ts';

/** A contact the agent is in and that has not ended: what blocks their sign-out. */
export interface OpenContactRow {
  interactionId: string;
  channel: Channel;
  customerName: string;
}

export function listOpenContacts(db: Executor, userId: string): Promise<OpenContactRow[]> {
  return db
    .selectFrom('participants as p')
    .innerJoin('interactions as i', 'i.id', 'p.interactionId')
    .innerJoin('customers as c', 'c.id', 'i.customerId')
    .select(['i.id as interactionId', 'i.channel', 'c.name as customerName'])
    .where('p.userId', '=', userId)
    .where('p.leftAt', 'is', null)
    .where('p.releasedAt', 'is', null)
    .where('i.status', '!=', 'ended')
    .orderBy('p.joinedAt')
    .execute();
}

/**
 * Locks, in id order, every interaction the agent is tied to: offered to them, open with them,
 * or owing their wrap-up. Interactions before offers, as customers leaving take them.
 */
export async function lockInteractionsOfAgent(tx: Tx, userId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select i.id from interactions i
    where i.id in (
      select o.interaction_id from offers o where o.user_id = ${userId} and o.status = 'pending'
      union
      select p.interaction_id from participants p
      where p.user_id = ${userId} and p.released_at is null)
    order by i.id
    for update`.execute(tx);
  return rows.map((row) => row.id);
}

/**
 * Puts the contact back in its queue ahead of every contact waiting there: its customer was
 * already being served. Among several returned contacts the one waiting longest goes first.
 */
export async function requeueAtHead(db: Executor, interactionId: string): Promise<void> {
  await db
    .updateTable('interactions')
    .set({ status: 'queued', priority: 1 })
    .where('id', '=', interactionId)
    .execute();
}
