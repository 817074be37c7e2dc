import type { Channel } from '@sangdam/contracts';
import {
  circular,
  hasFreeCapacity,
  longestAvailable,
  type ChannelLoad,
  type MultimediaProfile,
  type RoutingStrategy,
} from '@sangdam/core';
import { sql } from 'kysely';
import type { Executor, Tx } from './database.ts';

export interface OfferRow {
  id: string;
  interactionId: string;
  userId: string;
  status: 'pending' | 'accepted' | 'expired' | 'withdrawn';
  channel: Channel;
  customerId: string;
  customerName: string;
  customerEmail: string | null;
  queueId: string;
  queueName: string;
  waitingSince: Date;
  offeredAt: Date;
  expiresAt: Date;
}

function offerQuery(db: Executor) {
  return db
    .selectFrom('offers as o')
    .innerJoin('interactions as i', 'i.id', 'o.interactionId')
    .innerJoin('customers as c', 'c.id', 'i.customerId')
    .innerJoin('queues as q', 'q.id', 'i.queueId')
    .select([
      'o.id',
      'o.interactionId',
      'o.userId',
      'o.status',
      'i.channel',
      'c.id as customerId',
      'c.name as customerName',
      'c.email as customerEmail',
      'q.id as queueId',
      'q.name as queueName',
      'i.enqueuedAt as waitingSince',
      'o.offeredAt',
      'o.expiresAt',
    ]);
}

export function findOffer(db: Executor, id: string): Promise<OfferRow | undefined> {
  return offerQuery(db).where('o.id', '=', id).executeTakeFirst();
}

export function listPendingOffers(db: Executor, userId: string): Promise<OfferRow[]> {
  return offerQuery(db)
    .where('o.userId', '=', userId)
    .where('o.status', '=', 'pending')
    .orderBy('o.offeredAt')
    .execute();
}

/** Locks a pending offer row for a decision (accept, expire, withdraw). */
export async function lockOffer(db: Tx, id: string) {
  return db
    .selectFrom('offers')
    .select(['id', 'interactionId', 'userId', 'status', 'expiresAt'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function decideOffer(
  db: Executor,
  id: string,
  status: 'accepted' | 'expired' | 'withdrawn',
  at: Date,
): Promise<void> {
  await db.updateTable('offers').set({ status, decidedAt: at }).where('id', '=', id).execute();
}

/** Pending offers whose deadline passed, locked; other nodes skip them (SKIP LOCKED). */
export function lockDueOffers(db: Tx, now: Date, limit: number) {
  return db
    .selectFrom('offers')
    .select(['id', 'interactionId', 'userId'])
    .where('status', '=', 'pending')
    .where('expiresAt', '<=', now)
    .orderBy('expiresAt')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export function lockPendingOfferForInteraction(db: Tx, interactionId: string) {
  return db
    .selectFrom('offers')
    .select(['id', 'userId'])
    .where('interactionId', '=', interactionId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
}

export async function countPendingOffers(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('offers')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('userId', '=', userId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const strategies: Record<RoutingStrategy['name'], RoutingStrategy> = {
  'longest-available': longestAvailable,
  circular,
};

/**
 * One routing step: the oldest waiting contact of some queue is offered to the best eligible
 * Available agent with free capacity, in the caller's transaction. Rows taken by another node
 * are skipped, never waited on. Each queue's own strategy ranks its agents, and the offer lasts
 * the queue's timeout, else its channel's. Queues of higher priority, then those waiting longest,
 * go first. Returns the offer's id, or null when nothing can be routed.
 */
export async function offerNextContact(tx: Tx, now: Date): Promise<string | null> {
  const waitingQueues = await tx
    .selectFrom('interactions as i')
    .innerJoin('queues as q', 'q.id', 'i.queueId')
    .select('i.queueId')
    .select((eb) => eb.fn.min('i.enqueuedAt').as('oldest'))
    .where('i.status', '=', 'queued')
    .groupBy(['i.queueId', 'q.priority'])
    .orderBy('q.priority', 'desc')
    .orderBy('oldest')
    .execute();
  for (const { queueId } of waitingQueues) {
    const contact = await tx
      .selectFrom('interactions as i')
      .innerJoin('queues as q', 'q.id', 'i.queueId')
      .innerJoin('channelSettings as s', 's.channel', 'q.channel')
      .select(['i.id', 'i.channel', 'q.routingStrategy'])
      .select((eb) =>
        eb.fn.coalesce('q.offerTimeoutSeconds', 's.offerTimeoutSeconds').as('offerTimeoutSeconds'),
      )
      .where('i.queueId', '=', queueId)
      .where('i.status', '=', 'queued')
      .orderBy('i.priority', 'desc')
      .orderBy('i.enqueuedAt')
      .orderBy('i.id')
      .limit(1)
      .forUpdate('i')
      .skipLocked()
      .executeTakeFirst();
    if (!contact) continue;
    const strategy = strategies[contact.routingStrategy];
    const userId = await pickAgent(tx, queueId, contact.channel, strategy);
    if (!userId) continue;
    const offer = await tx
      .insertInto('offers')
      .values({
        interactionId: contact.id,
        userId,
        status: 'pending',
        offeredAt: now,
        expiresAt: new Date(now.getTime() + contact.offerTimeoutSeconds * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('interactions')
      .set({ status: 'offered' })
      .where('id', '=', contact.id)
      .execute();
    return offer.id;
  }
  return null;
}

async function pickAgent(
  tx: Tx,
  queueId: string,
  channel: Channel,
  strategy: RoutingStrategy,
): Promise<string | null> {
  const candidates = await tx
    .selectFrom('agentPresence as p')
    .select(['p.userId', 'p.availableSince'])
    .select((eb) =>
      eb
        .selectFrom('offers as o')
        .select((o) => o.fn.max('o.offeredAt').as('at'))
        .whereRef('o.userId', '=', 'p.userId')
        .as('lastOfferedAt'),
    )
    .where('p.state', '=', 'available')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('teamMembers as tm')
          .innerJoin('teamQueues as tq', 'tq.teamId', 'tm.teamId')
          .select('tm.userId')
          .whereRef('tm.userId', '=', 'p.userId')
          .where('tq.queueId', '=', queueId),
      ),
    )
    .orderBy('p.availableSince')
    .limit(100)
    .forUpdate('p')
    .skipLocked()
    .execute();
  if (candidates.length === 0) return null;
  const userIds = candidates.map((c) => c.userId);
  const profiles = await profilesOf(tx, userIds);
  const loads = await loadsOf(tx, userIds);
  const ranked = strategy.rank(
    candidates.map((c) => ({
      userId: c.userId,
      availableSince: new Date(c.availableSince ?? 0),
      lastOfferedAt: c.lastOfferedAt ? new Date(c.lastOfferedAt) : null,
    })),
  );
  const chosen = ranked.find((c) => {
    const profile = profiles.get(c.userId);
    return (
      profile && hasFreeCapacity(profile, loads.get(c.userId) ?? { chat: 0, email: 0 }, channel)
    );
  });
  return chosen?.userId ?? null;
}

/** Each agent's multimedia profile: their own, else their team's, else the default. */
export async function profilesOf(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, MultimediaProfile>> {
  const { rows } = await sql<{
    userId: string;
    mode: 'blended' | 'exclusive';
    chatCapacity: number;
    emailCapacity: number;
  }>`
    select u.id as user_id, mp.mode, mp.chat_capacity, mp.email_capacity
    from users u
    join lateral (
      select p.* from multimedia_profiles p
      where p.id = u.profile_id
         or p.id in (select t.profile_id from team_members tm join teams t on t.id = tm.team_id
                     where tm.user_id = u.id)
         or p.is_default
      order by (p.id = u.profile_id) desc, p.is_default, p.name
      limit 1
    ) mp on true
    where u.id in (${sql.join(userIds)})`.execute(db);
  return new Map(
    rows.map((r) => [
      r.userId,
      { mode: r.mode, capacity: { chat: r.chatCapacity, email: r.emailCapacity } },
    ]),
  );
}

/** Open contacts plus pending offers per agent and channel. */
export async function loadsOf(
  db: Executor,
  userIds: readonly string[],
): Promise<Map<string, ChannelLoad>> {
  const { rows } = await sql<{ userId: string; channel: Channel; count: string }>`
    select held.user_id, held.channel, count(*) as count from (
      select p.user_id, i.channel from participants p join interactions i on i.id = p.interaction_id
      where p.released_at is null and p.user_id in (${sql.join(userIds)})
      union all
      select o.user_id, i.channel from offers o join interactions i on i.id = o.interaction_id
      where o.status = 'pending' and o.user_id in (${sql.join(userIds)})
    ) held group by held.user_id, held.channel`.execute(db);
  const loads = new Map<string, ChannelLoad>();
  for (const row of rows) {
    const load = loads.get(row.userId) ?? { chat: 0, email: 0 };
    load[row.channel] = Number(row.count);
    loads.set(row.userId, load);
  }
  return loads;
}
