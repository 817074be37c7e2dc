import { sql, type Kysely } from 'kysely';

/**
 * Who is connected, durably and across nodes (issue 8, findings 3 and 5).
 *
 * Each node keeps one row per agent (their desktops) and per chat (the customer's widgets) it
 * holds sockets for: how many, when last seen, and until when that sighting counts. A live node
 * refreshes its rows' `seen_at`/`live_until` on a heartbeat; a node that dies without running its
 * disconnect handlers simply stops refreshing, so its rows go stale on their own. When the last
 * socket closes the row stays with `sockets = 0` and `seen_at` = the moment it closed: an agent
 * stays routable until `live_until` (the grace that lets a reload pass unnoticed).
 *
 * `interactions.customer_connected` is the last answer agents were told, so that exactly one
 * `customer:presence` push goes out per change even when several nodes see sockets come and go.
 * `channel_settings.customer_away_timeout_seconds` ends a chat whose customer has been away that
 * long (null: never).
 */
const statements = `
create table live_connections (
  kind text not null check (kind in ('agent', 'customer')),
  subject_id uuid not null,
  node_id uuid not null,
  sockets int not null check (sockets >= 0),
  seen_at timestamptz not null,
  live_until timestamptz not null,
  primary key (kind, subject_id, node_id)
);
create index live_connections_node_idx on live_connections (node_id);
alter table interactions add column customer_connected boolean not null default false;
alter table channel_settings add column customer_away_timeout_seconds int
  check (customer_away_timeout_seconds between 1 and 86400);
update channel_settings set customer_away_timeout_seconds = 600 where channel = 'chat'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
