import type { Channel } from '@sangdam/contracts';
import {
  circular,
  hasFreeCapacity,
  longestAvailable,
  type RoutingCandidate,
  type RoutingStrategy,
} from '@sangdam/core';
import { sql } from 'kysely';
import { loadsOf, profilesOf } from './agent-load.ts';
import type { Tx } from './database.ts';

const strategies: Record<RoutingStrategy['name'], RoutingStrategy> = {
  'longest-available': longestAvailable,
  circular,
};

// Routing passes of all nodes take turns on this lock: FIFO per queue and the longest-available
// order hold across the cluster, and rows are waited on rather than skipped.
export const routingLockKey = 7242002;

/** One routing step that makes at most one offer (see offerWaitingContacts). */
export async function offerNextContact(tx: Tx, clock: () => Date): Promise<string | null> {
  return (await offerWaitingContacts(tx, clock, 1)).offerIds[0] ?? null;
}

export interface RoutingStep {
  offerIds: string[];
  /** False when every contact that could be offered now was: another step would find none. */
  more: boolean;
}

/**
 * Offers up to `limit` waiting contacts in the caller's transaction and returns the offers' ids.
 * Queues of higher priority, then those whose head waited longest, go first; within a queue the
 * oldest contact goes first, to the Available eligible agent with free capacity that the queue's
 * strategy ranks first. The offer lasts the queue's timeout, else its channel's, counted from
 * `clock()` read once every lock is held: time spent waiting for the routing lock, agents' rows
 * or the contacts' rows is not taken from the agent's window.
 */
export async function offerWaitingContacts(
  tx: Tx,
  clock: () => Date,
  limit: number,
): Promise<RoutingStep> {
  const none = { offerIds: [], more: false };
  await sql`select pg_advisory_xact_lock(${routingLockKey})`.execute(tx);
  const { rows: contacts } = await sql<WaitingContact>`
    select i.id, i.queue_id, i.channel, i.enqueued_at, q.priority as queue_priority,
           q.routing_strategy, coalesce(q.offer_timeout_seconds, s.offer_timeout_seconds) as timeout
    from queues q
    join channel_settings s on s.channel = q.channel
    cross join lateral (
      select w.id, w.queue_id, w.channel, w.enqueued_at from interactions w
      where w.queue_id = q.id and w.status = 'queued'
      order by w.priority desc, w.enqueued_at, w.id
      limit ${limit}
    ) i`.execute(tx);
  if (contacts.length === 0) return none;
  const queueIds = [...new Set(contacts.map((c) => c.queueId))];
  const agents = await lockAvailableAgents(tx, queueIds, clock());
  if (agents.size === 0) return none;
  const userIds = [...agents.keys()];
  const [profiles, loads] = await Promise.all([profilesOf(tx, userIds), loadsOf(tx, userIds)]);
  // Marks agents chosen in this step for the strategies' order; the offers get their own stamp.
  const now = clock();

  const chosen: { contact: WaitingContact; userId: string }[] = [];
  const blocked = new Set<string>();
  for (const contact of inServiceOrder(contacts, blocked)) {
    if (chosen.length >= limit) break;
    const candidates = [...agents.values()].filter((agent) => {
      const profile = profiles.get(agent.userId);
      const load = loads.get(agent.userId) ?? { chat: 0, email: 0 };
      return (
        agent.queueIds.has(contact.queueId) &&
        profile !== undefined &&
        hasFreeCapacity(profile, load, contact.channel)
      );
    });
    const best = strategies[contact.routingStrategy].rank(candidates)[0];
    if (!best) {
      // Later contacts of this queue have the same channel and agents: none can be served.
      blocked.add(contact.queueId);
      continue;
    }
    const load = loads.get(best.userId) ?? { chat: 0, email: 0 };
    load[contact.channel] += 1;
    loads.set(best.userId, load);
    agents.get(best.userId)!.lastOfferedAt = now;
    chosen.push({ contact, userId: best.userId });
  }
  if (chosen.length === 0) return none;

  // The contacts' rows in id order (the lock order of docs/ARCHITECTURE.md); a contact whose
  // customer left meanwhile is no longer queued and is not offered.
  const still = await tx
    .selectFrom('interactions')
    .select('id')
    .where(
      'id',
      'in',
      chosen.map((c) => c.contact.id),
    )
    .where('status', '=', 'queued')
    .orderBy('id')
    .forUpdate()
    .execute();
  const taken = new Set(still.map((row) => row.id));
  const offers = chosen.filter((c) => taken.has(c.contact.id));
  // Fewer than `limit` chosen means every queue left over had no agent for its head.
  const more = chosen.length >= limit || offers.length < chosen.length;
  if (offers.length === 0) return { offerIds: [], more };
  await tx
    .updateTable('interactions')
    .set({ status: 'offered' })
    .where('id', 'in', [...taken])
    .execute();
  const offeredAt = clock();
  const inserted = await tx
    .insertInto('offers')
    .values(
      offers.map(({ contact, userId }) => ({
        interactionId: contact.id,
        userId,
        status: 'pending' as const,
        offeredAt,
        expiresAt: new Date(offeredAt.getTime() + contact.timeout * 1000),
      })),
    )
    .returning('id')
    .execute();
  return { offerIds: inserted.map((row) => row.id), more };
}

interface WaitingContact {
  id: string;
  queueId: string;
  channel: Channel;
  enqueuedAt: Date;
  queuePriority: number;
  routingStrategy: RoutingStrategy['name'];
  timeout: number;
}

/** Merges the queues' lines: at each turn, the head of the first open queue by priority and age. */
function* inServiceOrder(
  contacts: readonly WaitingContact[],
  blocked: ReadonlySet<string>,
): Generator<WaitingContact> {
  const lines = new Map<string, WaitingContact[]>();
  for (const contact of contacts) {
    const line = lines.get(contact.queueId) ?? [];
    line.push(contact);
    lines.set(contact.queueId, line);
  }
  const goesFirst = (a: WaitingContact, b: WaitingContact) =>
    a.queuePriority > b.queuePriority ||
    (a.queuePriority === b.queuePriority && a.enqueuedAt.getTime() < b.enqueuedAt.getTime());
  for (;;) {
    let next: WaitingContact[] | null = null;
    for (const [queueId, line] of lines) {
      if (blocked.has(queueId) || line.length === 0) continue;
      if (!next || goesFirst(line[0]!, next[0]!)) next = line;
    }
    if (!next) return;
    yield next.shift()!;
  }
}

type LockedAgent = RoutingCandidate & { queueIds: Set<string> };

/**
 * Available agents who serve any of `queueIds` and have a live desktop, locked in id order (so
 * that presence changes wait for this offer decision, and never deadlock with it), with the
 * queues each one serves.
 */
async function lockAvailableAgents(tx: Tx, queueIds: readonly string[], now: Date) {
  const queues = sql.join(queueIds);
  const { rows } = await sql<{
    userId: string;
    availableSince: Date | null;
    lastOfferedAt: Date | null;
    queueIds: string[];
  }>`
    with locked as (
      select p.user_id, p.available_since from agent_presence p
      where p.state = 'available' and p.user_id in (
        select tm.user_id from team_members tm join team_queues tq on tq.team_id = tm.team_id
        where tq.queue_id in (${queues}))
      -- a desktop connected now, or closed less than the grace ago (see connection_sightings)
      and exists (select 1 from connection_sightings d
        where d.kind = 'agent' and d.subject_id = p.user_id and d.live_until > ${now})
      order by p.user_id
      for update)
    select l.user_id, l.available_since,
      (select o.offered_at from offers o where o.user_id = l.user_id
       order by o.offered_at desc limit 1) as last_offered_at,
      (select json_agg(tq.queue_id) from team_members tm join team_queues tq on tq.team_id = tm.team_id
       where tm.user_id = l.user_id and tq.queue_id in (${queues})) as queue_ids
    from locked l`.execute(tx);
  return new Map<string, LockedAgent>(
    rows.map((row) => [
      row.userId,
      {
        userId: row.userId,
        availableSince: new Date(row.availableSince ?? 0),
        lastOfferedAt: row.lastOfferedAt ? new Date(row.lastOfferedAt) : null,
        queueIds: new Set(row.queueIds),
      },
    ]),
  );
}
