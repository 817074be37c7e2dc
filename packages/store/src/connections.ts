import { sql } from 'kysely';
import type { Executor, Tx } from './database.ts';

/** One node's sockets of one agent (their desktops) or one chat (the customer's widgets). */
export interface LiveConnection {
  kind: 'agent' | 'customer';
  subjectId: string;
  nodeId: string;
  sockets: number;
  seenAt: Date;
  /** Until when this sighting counts as connected (heartbeat or grace ahead of `seenAt`). */
  liveUntil: Date;
}

/** Writes this node's counts (insert or overwrite). */
export async function recordConnections(
  db: Executor,
  rows: readonly LiveConnection[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('liveConnections')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['kind', 'subjectId', 'nodeId']).doUpdateSet((eb) => ({
        sockets: eb.ref('excluded.sockets'),
        seenAt: eb.ref('excluded.seenAt'),
        liveUntil: eb.ref('excluded.liveUntil'),
      })),
    )
    .execute();
}

/**
 * The heartbeat: every subject this node still holds sockets for is seen again now. One row per
 * node; `connection_sightings` applies it to the node's sightings with sockets.
 */
export async function recordNodeHeartbeat(
  db: Executor,
  nodeId: string,
  seenAt: Date,
  liveUntil: Date,
): Promise<void> {
  await db
    .insertInto('nodeHeartbeats')
    .values({ nodeId, seenAt, liveUntil })
    .onConflict((oc) => oc.column('nodeId').doUpdateSet({ seenAt, liveUntil }))
    .execute();
}

/** Does any node hold a live widget of this chat's customer? */
export async function customerIsConnected(
  db: Executor,
  interactionId: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('connectionSightings')
    .select('nodeId')
    .where('kind', '=', 'customer')
    .where('subjectId', '=', interactionId)
    .where('sockets', '>', 0)
    .where('liveUntil', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores what agents are told about the customer's connection; true when it changed (the caller
 * holds the interaction's row, so one change is announced once however many nodes saw it).
 */
export async function setCustomerConnected(
  tx: Tx,
  interactionId: string,
  connected: boolean,
): Promise<boolean> {
  const result = await tx
    .updateTable('interactions')
    .set({ customerConnected: connected })
    .where('id', '=', interactionId)
    .where('customerConnected', '<>', connected)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function isCustomerConnectedFlag(
  db: Executor,
  interactionId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('interactions')
    .select('customerConnected')
    .where('id', '=', interactionId)
    .executeTakeFirst();
  return row?.customerConnected ?? false;
}

/**
 * Agents still signed in to routing who have had no desktop since `cutoff`, and whose state is
 * older than that (someone who just signed in gets the whole period to open their desktop).
 */
export async function listAgentsAwaySince(
  db: Executor,
  cutoff: Date,
  onlyUserId?: string,
): Promise<string[]> {
  let query = db
    .selectFrom('agentPresence as p')
    .select('p.userId')
    .where('p.state', '<>', 'offline')
    .where('p.since', '<', cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('connectionSightings as c')
            .select('c.nodeId')
            .where('c.kind', '=', 'agent')
            .whereRef('c.subjectId', '=', 'p.userId')
            .where('c.seenAt', '>=', cutoff),
        ),
      ),
    );
  if (onlyUserId !== undefined) query = query.where('p.userId', '=', onlyUserId);
  const rows = await query.execute();
  return rows.map((row) => row.userId);
}

/** Chats agents were told are connected whose customer no longer has a live widget anywhere. */
export async function listStaleCustomerConnections(db: Executor, now: Date): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select i.id from interactions i
    where i.customer_connected and not exists (
      select 1 from connection_sightings c
      where c.kind = 'customer' and c.subject_id = i.id and c.sockets > 0 and c.live_until > ${now})
  `.execute(db);
  return rows.map((row) => row.id);
}

/**
 * Open chats whose customer has had no widget connected for their channel's away timeout (a
 * customer who never connected counts from the chat's start).
 */
export async function listChatsWithCustomerAway(
  db: Executor,
  now: Date,
  limit: number,
  onlyId?: string,
): Promise<string[]> {
  const only = onlyId === undefined ? sql`` : sql`and i.id = ${onlyId}`;
  const { rows } = await sql<{ id: string }>`
    select i.id from interactions i
    join channel_settings s on s.channel = i.channel
    where i.status <> 'ended' and s.customer_away_timeout_seconds is not null ${only}
      and i.created_at < ${now}::timestamptz - make_interval(secs => s.customer_away_timeout_seconds)
      and not exists (
        select 1 from connection_sightings c
        where c.kind = 'customer' and c.subject_id = i.id
          and ((c.sockets > 0 and c.live_until > ${now})
            or c.seen_at >= ${now}::timestamptz - make_interval(secs => s.customer_away_timeout_seconds)))
    order by i.created_at
    limit ${limit}
  `.execute(db);
  return rows.map((row) => row.id);
}

/**
 * Forgets agents' sightings last seen before `cutoff`, the customers' of ended chats, and the
 * heartbeats of nodes gone since then with no sighting left.
 */
export async function deleteStaleConnections(db: Executor, cutoff: Date): Promise<void> {
  await sql`
    delete from live_connections c using connection_sightings s
    where c.kind = 'agent' and s.kind = c.kind and s.subject_id = c.subject_id
      and s.node_id = c.node_id and s.seen_at < ${cutoff}
  `.execute(db);
  await sql`
    delete from live_connections c using interactions i
    where c.kind = 'customer' and c.subject_id = i.id and i.status = 'ended'
  `.execute(db);
  await sql`
    delete from node_heartbeats n
    where n.seen_at < ${cutoff}
      and not exists (select 1 from live_connections c where c.node_id = n.node_id)
  `.execute(db);
}
