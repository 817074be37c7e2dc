import type { AgentState, Channel } from '@sangdam/contracts';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** Live counts of one queue, from one grouped query over all queues. */
export interface QueueActivityRow {
  id: string;
  name: string;
  channel: Channel;
  waiting: number;
  oldestWaitingSince: Date | null;
  offered: number;
  active: number;
  /** Chats still with the virtual assistant, not yet waiting. */
  withAssistant: number;
}

export async function listQueueActivity(db: Executor): Promise<QueueActivityRow[]> {
  const { rows } = await sql<{
    id: string;
    name: string;
    channel: Channel;
    waiting: string | number;
    oldestWaitingSince: Date | string | null;
    offered: string | number;
    active: string | number;
    withAssistant: string | number;
  }>`
    select q.id, q.name, q.channel,
      count(i.id) filter (where i.status = 'queued') as waiting,
      min(i.enqueued_at) filter (where i.status = 'queued') as oldest_waiting_since,
      count(i.id) filter (where i.status = 'offered') as offered,
      count(i.id) filter (where i.status = 'active') as active,
      count(i.id) filter (where i.status = 'assistant') as with_assistant
    from queues q
    left join interactions i on i.queue_id = q.id
      and i.status in ('assistant', 'queued', 'offered', 'active')
    group by q.id, q.name, q.channel
    order by q.name`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    channel: row.channel,
    waiting: Number(row.waiting),
    oldestWaitingSince: toDate(row.oldestWaitingSince),
    offered: Number(row.offered),
    active: Number(row.active),
    withAssistant: Number(row.withAssistant),
  }));
}

/** One person who can take contacts, with presence and load, from one query. */
export interface AgentActivityRow {
  id: string;
  displayName: string;
  state: AgentState;
  idleReasonId: string | null;
  idleReasonLabel: string | null;
  since: Date | null;
  openChat: number;
  openEmail: number;
  pendingOffers: number;
}

/**
 * Everyone who can be offered contacts (role agent, or a member of a team): presence, contacts
 * held per channel (until wrap-up releases them) and pending offers, aggregated in SQL.
 */
export async function listAgentActivity(db: Executor): Promise<AgentActivityRow[]> {
  const { rows } = await sql<{
    id: string;
    displayName: string;
    state: AgentState | null;
    idleReasonId: string | null;
    idleReasonLabel: string | null;
    since: Date | string | null;
    openChat: string | number | null;
    openEmail: string | number | null;
    pendingOffers: string | number | null;
  }>`
    with held as (
      select p.user_id,
        count(distinct i.id) filter (where i.channel = 'chat') as open_chat,
        count(distinct i.id) filter (where i.channel = 'email') as open_email
      from participants p join interactions i on i.id = p.interaction_id
      where p.released_at is null
      group by p.user_id
    ), pending as (
      select user_id, count(*) as pending_offers from offers where status = 'pending'
      group by user_id
    )
    select u.id, u.display_name, ap.state, ap.idle_reason_id, ir.label as idle_reason_label,
      ap.since, held.open_chat, held.open_email, pending.pending_offers
    from users u
    left join agent_presence ap on ap.user_id = u.id
    left join idle_reasons ir on ir.id = ap.idle_reason_id
    left join held on held.user_id = u.id
    left join pending on pending.user_id = u.id
    where u.role = 'agent' or exists (select 1 from team_members tm where tm.user_id = u.id)
    order by u.display_name, u.id`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    displayName: row.displayName,
    state: row.state ?? 'offline',
    idleReasonId: row.idleReasonId,
    idleReasonLabel: row.idleReasonLabel,
    since: toDate(row.since),
    openChat: Number(row.openChat ?? 0),
    openEmail: Number(row.openEmail ?? 0),
    pendingOffers: Number(row.pendingOffers ?? 0),
  }));
}

/** A waiting contact's place in its queue and what the estimate of its wait rests on. */
export interface QueuePositionRow {
  interactionId: string;
  queueId: string;
  position: number;
  /** Median seconds from enqueue to offer of contacts accepted in the window; null if none. */
  medianSecondsToOffer: number | null;
  /** Agents serving the queue who are Available (Engaged ones included). */
  availableAgents: number;
}

/**
 * Every waiting chat's position (the routing order: priority, then enqueue time), with its
 * queue's recent median time-to-offer and Available agents, in one query for all queues (or
 * for one queue). Emails are left out: their customers have no live connection to tell.
 */
export async function listQueuePositions(
  db: Executor,
  now: Date,
  options: { queueId?: string; windowMinutes?: number } = {},
): Promise<QueuePositionRow[]> {
  const since = new Date(now.getTime() - (options.windowMinutes ?? 60) * 60_000);
  const onlyQueue = options.queueId ? sql`and i.queue_id = ${options.queueId}` : sql``;
  const { rows } = await sql<{
    interactionId: string;
    queueId: string;
    position: string | number;
    medianSecondsToOffer: string | number | null;
    availableAgents: string | number | null;
  }>`
    with waiting as (
      select i.id, i.queue_id,
        row_number() over (partition by i.queue_id order by i.priority desc, i.enqueued_at, i.id)
          as position
      from interactions i
      where i.status = 'queued' and i.channel = 'chat' ${onlyQueue}
    ), basis as (
      select i.queue_id,
        percentile_cont(0.5) within group (
          order by extract(epoch from (o.offered_at - i.enqueued_at))::float8
        ) as median_seconds
      from offers o join interactions i on i.id = o.interaction_id
      where o.status = 'accepted' and o.offered_at >= ${since}
        and i.queue_id in (select queue_id from waiting)
      group by i.queue_id
    ), serving as (
      select tq.queue_id, count(distinct ap.user_id) as agents
      from team_queues tq
      join team_members tm on tm.team_id = tq.team_id
      join agent_presence ap on ap.user_id = tm.user_id and ap.state = 'available'
      where tq.queue_id in (select queue_id from waiting)
      group by tq.queue_id
    )
    select w.id as interaction_id, w.queue_id, w.position,
      b.median_seconds as median_seconds_to_offer, s.agents as available_agents
    from waiting w
    left join basis b on b.queue_id = w.queue_id
    left join serving s on s.queue_id = w.queue_id
    order by w.queue_id, w.position`.execute(db);
  return rows.map((row) => ({
    interactionId: row.interactionId,
    queueId: row.queueId,
    position: Number(row.position),
    medianSecondsToOffer:
      row.medianSecondsToOffer === null ? null : Number(row.medianSecondsToOffer),
    availableAgents: Number(row.availableAgents ?? 0),
  }));
}

function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}
