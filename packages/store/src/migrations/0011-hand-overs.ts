import { sql, type Kysely } from 'kysely';

/**
 * Hand-overs (issue 9). A participation is one agent's time in an interaction, so the same agent
 * can leave and come back (transferred A → B → A, invited twice): participations get their own
 * id, and at most one of an agent's participations in an interaction is open. A wrap-up belongs
 * to one participation. Offers get a kind (route, transfer, conference) and the agent who made a
 * transfer or an invitation.
 */
const statements = `
alter table participants add column id uuid not null default gen_random_uuid();
alter table participants drop constraint participants_pkey;
alter table participants add primary key (id);
create unique index participants_one_open_per_agent on participants (interaction_id, user_id)
  where left_at is null;
create index participants_interaction_idx on participants (interaction_id);
alter table wrap_ups add column participation_id uuid references participants(id) on delete cascade;
update wrap_ups w set participation_id = p.id from participants p
  where p.interaction_id = w.interaction_id and p.user_id = w.user_id;
alter table wrap_ups alter column participation_id set not null;
alter table wrap_ups drop constraint wrap_ups_interaction_id_user_id_key;
alter table wrap_ups add constraint wrap_ups_one_per_participation unique (participation_id);
alter table offers add column kind text not null default 'route'
  check (kind in ('route', 'transfer', 'conference'));
alter table offers add column from_user_id uuid references users(id)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
