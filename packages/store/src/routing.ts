import type { Channel, OfferKind } from '@sangdam/contracts';
import type { Executor, Tx } from './database.ts';

export { loadsOf, profilesOf } from './agent-load.ts';
export {
  offerNextContact,
  offerWaitingContacts,
  routingLockKey,
  type RoutingStep,
} from './routing-step.ts';

export interface OfferRow {
  id: string;
  kind: OfferKind;
  fromUserId: string | null;
  fromName: string | null;
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
    .leftJoin('users as f', 'f.id', 'o.fromUserId')
    .select([
      'o.id',
      'o.kind',
      'o.fromUserId',
      'f.displayName as fromName',
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

export function listOffers(db: Executor, ids: readonly string[]): Promise<OfferRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return offerQuery(db).where('o.id', 'in', ids).orderBy('o.offeredAt').execute();
}

export function listPendingOffers(db: Executor, userId: string): Promise<OfferRow[]> {
  return offerQuery(db)
    .where('o.userId', '=', userId)
    .where('o.status', '=', 'pending')
    .orderBy('o.offeredAt')
    .execute();
}

/**
 * Locks an offer for a decision (accept) and, first, its interaction: the lock order of
 * docs/ARCHITECTURE.md, the one a customer leaving takes too (interaction, then its offer).
 */
export async function lockOffer(db: Tx, id: string) {
  const target = await db
    .selectFrom('offers')
    .select('interactionId')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!target) return undefined;
  await db
    .selectFrom('interactions')
    .select('id')
    .where('id', '=', target.interactionId)
    .forUpdate()
    .execute();
  return db
    .selectFrom('offers')
    .select(['id', 'kind', 'fromUserId', 'interactionId', 'userId', 'status', 'expiresAt'])
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

/** Pending offers whose deadline passed, the earliest first: a first look, without locks. */
export function findDueOffers(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('offers')
    .select(['id', 'userId'])
    .where('status', '=', 'pending')
    .where('expiresAt', '<=', now)
    .orderBy('expiresAt')
    .limit(limit)
    .execute();
}

/**
 * Of the offers `ids`, those still pending and due, locked with their interactions. The caller
 * already holds the agents' rows (the lock order of docs/ARCHITECTURE.md). Rows another
 * transaction holds (an accept, a customer leaving, another node's sweep) are skipped
 * (SKIP LOCKED), so the sweep never waits on them; the next sweep looks again.
 */
export function lockDueOffers(db: Tx, ids: readonly string[], now: Date) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('offers as o')
    .innerJoin('interactions as i', 'i.id', 'o.interactionId')
    .select(['o.id', 'o.kind', 'o.fromUserId', 'o.interactionId', 'o.userId', 'o.expiresAt'])
    .where('o.id', 'in', ids)
    .where('o.status', '=', 'pending')
    .where('o.expiresAt', '<=', now)
    .orderBy('o.expiresAt')
    .forUpdate(['o', 'i'])
    .skipLocked()
    .execute();
}

/** When the next pending offer runs out, if any is pending. */
export async function nextOfferDeadline(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('offers')
    .select((eb) => eb.fn.min('expiresAt').as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

/** Locks agents' presence rows in id order, the order the routing step takes them in. */
export async function lockAgentsInOrder(db: Tx, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .selectFrom('agentPresence')
    .select('userId')
    .where('userId', 'in', [...new Set(userIds)])
    .orderBy('userId')
    .forUpdate()
    .execute();
}

/** The interaction's pending offer (at most one), locked; the caller holds the interaction. */
export function lockPendingOfferForInteraction(db: Tx, interactionId: string) {
  return db
    .selectFrom('offers')
    .select(['id', 'kind', 'userId', 'fromUserId', 'expiresAt'])
    .where('interactionId', '=', interactionId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
}

/** A transfer or conference offer waiting for its agent, as the interaction shows it. */
export function findPendingHandOver(db: Executor, interactionId: string) {
  return db
    .selectFrom('offers as o')
    .innerJoin('users as u', 'u.id', 'o.userId')
    .select(['o.kind', 'o.userId', 'u.displayName', 'o.expiresAt'])
    .where('o.interactionId', '=', interactionId)
    .where('o.status', '=', 'pending')
    .where('o.kind', '!=', 'route')
    .executeTakeFirst();
}

/** A transfer or conference offer made by an agent, pending until its expiry. */
export async function insertHandOverOffer(
  db: Executor,
  offer: {
    kind: 'transfer' | 'conference';
    interactionId: string;
    userId: string;
    fromUserId: string;
    offeredAt: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('offers')
    .values({ ...offer, status: 'pending' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
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
