import { sql, type Kysely } from 'kysely';

/**
 * Routing configuration the admin edits (R-AV-2, R-AV-4, R-AV-7).
 *
 * Offer timeouts live per channel in `channel_settings` (R-AV-7 sets them per channel), and a
 * queue's `offer_timeout_seconds` becomes an optional override (R-AV-4: "per queue or channel").
 * A table rather than config: admins change it at run time and every node must see the change.
 * Existing queues keep their behaviour: a timeout equal to its channel's default becomes "no
 * override", any other value stays as the queue's override.
 *
 * `queues.priority` orders queues for an agent who serves several: a higher one is served first.
 */
const statements = `
create table channel_settings (
  channel text primary key check (channel in ('chat', 'email')),
  offer_timeout_seconds int not null check (offer_timeout_seconds between 5 and 600)
);
insert into channel_settings (channel, offer_timeout_seconds) values ('chat', 30), ('email', 60);
alter table queues alter column offer_timeout_seconds drop not null;
update queues q set offer_timeout_seconds = null
  from channel_settings s where s.channel = q.channel and s.offer_timeout_seconds = q.offer_timeout_seconds;
alter table queues add column routing_strategy text not null default 'longest-available'
  check (routing_strategy in ('longest-available', 'circular'));
alter table queues add column priority int not null default 0 check (priority between 0 and 10);
update multimedia_profiles set is_default = false
  where is_default and id <> (select id from multimedia_profiles where is_default order by name limit 1);
create unique index multimedia_profiles_one_default on multimedia_profiles (is_default) where is_default;
update idle_reasons set is_default = false
  where is_default and id <> (select id from idle_reasons where is_default order by sort_order, label limit 1);
create unique index idle_reasons_one_default on idle_reasons (is_default) where is_default;
create index users_profile_idx on users (profile_id);
create index teams_profile_idx on teams (profile_id);
create index team_members_user_idx on team_members (user_id);
create index team_queues_queue_idx on team_queues (queue_id)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
