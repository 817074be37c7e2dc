import { sql, type Kysely } from 'kysely';

/**
 * Limits on what customers (anyone on the internet) may do, set by an admin, and the counters
 * that enforce the cluster-wide ones: one row per key and fixed one-minute window.
 */
const statements = `
create table customer_limits (
  id boolean primary key default true check (id),
  chat_starts_per_ip_per_minute integer not null default 10,
  messages_per_chat_per_minute integer not null default 60,
  requests_per_ip_per_minute integer not null default 600
);
insert into customer_limits default values;
create table rate_limit_windows (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
create index rate_limit_windows_window_idx on rate_limit_windows (window_start)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
