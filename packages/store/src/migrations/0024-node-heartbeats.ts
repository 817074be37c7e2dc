import { sql, type Kysely } from 'kysely';

/**
 * One heartbeat row per node in place of one per connection (issue 14). A node's heartbeat used
 * to rewrite `seen_at`/`live_until` of every row it held sockets for: 2,000 rows every 5 s at
 * 1,000 open chats, ~22 ms in which the embedded database's one connection served nothing else.
 * Now the heartbeat writes its node's row, and a sighting with sockets counts as seen and live as
 * late as its node's heartbeat says: `connection_sightings` is `live_connections` read that way,
 * and every query of who is connected reads it. A node that dies stops its heartbeat; its rows
 * go stale as before.
 */
const statements = `
create table node_heartbeats (
  node_id uuid primary key,
  seen_at timestamptz not null,
  live_until timestamptz not null
);
drop index live_connections_node_idx;
create view connection_sightings as
  select c.kind, c.subject_id, c.node_id, c.sockets,
    greatest(c.seen_at, case when c.sockets > 0 then n.seen_at end) as seen_at,
    greatest(c.live_until, case when c.sockets > 0 then n.live_until end) as live_until
  from live_connections c left join node_heartbeats n on n.node_id = c.node_id`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
