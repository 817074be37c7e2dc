import type { Channel, InteractionStatus } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/**
 * Contact history (R-CH-7, R-EM-8): the other contacts of an interaction's customer — same email
 * address, any channel — newest first. Every query of the feature lives here.
 */

/** One earlier contact as the history lists it. */
export interface ContactHistoryRow {
  id: string;
  channel: Channel;
  status: InteractionStatus;
  queueId: string;
  queueName: string;
  queueChannel: Channel;
  startedAt: Date;
  endedAt: Date | null;
  /** Agents who took part, in the order they first joined. */
  agents: { id: string; name: string }[];
  /** The wrap-up reasons recorded by any of them, each once. */
  wrapUpReasons: { id: string; label: string }[];
}

/**
 * A page of the other contacts of `interactionId`'s customer, newest first (start, then id),
 * strictly after the contact `beforeId` (keyset paging: each page is one index range scan).
 * A `beforeId` that is not a contact of this customer gives an empty page.
 */
export async function listContactHistory(
  db: Executor,
  interactionId: string,
  page: { beforeId: string | null; limit: number },
): Promise<ContactHistoryRow[]> {
  const current = await db
    .selectFrom('interactions')
    .select('customerKey')
    .where('id', '=', interactionId)
    .executeTakeFirst();
  if (!current) return [];
  return contactHistoryQuery(db, current.customerKey, interactionId, page).execute();
}

/** The page query of listContactHistory for a known customer key (tests read its plan). */
export function contactHistoryQuery(
  db: Executor,
  customerKey: string,
  interactionId: string,
  page: { beforeId: string | null; limit: number },
) {
  let query = db
    .selectFrom('interactions as i')
    .innerJoin('queues as q', 'q.id', 'i.queueId')
    .select([
      'i.id',
      'i.channel',
      'i.status',
      'i.queueId',
      'q.name as queueName',
      'q.channel as queueChannel',
      'i.createdAt as startedAt',
      'i.endedAt',
      sql<ContactHistoryRow['agents']>`(
        select coalesce(json_agg(json_build_object('id', a.user_id, 'name', a.display_name)
          order by a.joined_at, a.user_id), '[]')
        from (
          select p.user_id, u.display_name, min(p.joined_at) as joined_at
          from participants p join users u on u.id = p.user_id
          where p.interaction_id = i.id
          group by p.user_id, u.display_name) a)`.as('agents'),
      sql<ContactHistoryRow['wrapUpReasons']>`(
        select coalesce(json_agg(json_build_object('id', r.id, 'label', r.label)
          order by r.sort_order, r.label), '[]')
        from (
          select distinct r.id, r.label, r.sort_order
          from wrap_ups w
          join wrap_up_selections s on s.wrap_up_id = w.id
          join wrap_up_reasons r on r.id = s.reason_id
          where w.interaction_id = i.id) r)`.as('wrapUpReasons'),
    ])
    .where('i.customerKey', '=', customerKey)
    .where('i.id', '<>', interactionId);
  if (page.beforeId !== null) {
    // The cursor's own start, read exactly (microseconds) in SQL rather than round-tripped
    // through a JS Date, and only from this customer's contacts.
    query = query.where(
      sql<boolean>`(i.created_at, i.id) < ((
        select b.created_at from interactions b
        where b.id = ${page.beforeId} and b.customer_key = ${customerKey}), ${page.beforeId}::uuid)`,
    );
  }
  return query.orderBy('i.createdAt', 'desc').orderBy('i.id', 'desc').limit(page.limit);
}

/**
 * Whether `pastId` is another contact of the customer of `interactionId` (what the history of
 * that interaction lists), so its transcript may be opened from there.
 */
export async function isInContactHistory(
  db: Executor,
  interactionId: string,
  pastId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('interactions as past')
    .innerJoin('interactions as cur', 'cur.customerKey', 'past.customerKey')
    .select('past.id')
    .where('cur.id', '=', interactionId)
    .where('past.id', '=', pastId)
    .where('past.id', '<>', interactionId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the agent is serving the interaction now: a participant not yet released. */
export async function isServingInteraction(
  db: Executor,
  userId: string,
  interactionId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('participants')
    .select('userId')
    .where('interactionId', '=', interactionId)
    .where('userId', '=', userId)
    .where('releasedAt', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
