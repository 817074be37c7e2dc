import { sql, type Kysely } from 'kysely';

/**
 * Chat entry points with a virtual assistant (issue 10, R-CH-1, R-CH-2, §7). An entry point says
 * which pre-chat fields are required, and holds its assistant's answers (edited as one list with
 * the entry point, so one jsonb column; contracts bound its size) and hand-over rule. A chat whose
 * entry point has answers starts in status `assistant`: not yet queued, so never routed, until
 * the assistant hands it over; `assistant_misses` counts unmatched messages in a row.
 */
const statements = `
alter table entry_points add column name_field text not null default 'required'
  check (name_field in ('required', 'optional'));
alter table entry_points add column email_field text not null default 'required'
  check (email_field in ('required', 'optional'));
alter table entry_points add column assistant_answers jsonb not null default '[]';
alter table entry_points add column offer_agent boolean not null default true;
alter table entry_points add column hand_over_after_misses int
  check (hand_over_after_misses between 1 and 10);
create unique index entry_points_lower_name_key on entry_points (lower(name));
alter table interactions add column assistant_misses int not null default 0;
alter table interactions drop constraint interactions_status_check;
alter table interactions add constraint interactions_status_check
  check (status in ('assistant', 'queued', 'offered', 'active', 'ended'));
create index interactions_with_assistant_idx on interactions (queue_id) where status = 'assistant'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
