import { sql, type Kysely } from 'kysely';

/**
 * Auto wrap-up (issue 9, R-WU-2). Per channel, an admin sets how long an agent has for a wrap-up
 * (`wrap_up_timeout_seconds`, null: no limit) and whether agents may stop that countdown. When a
 * primary participation starts owing its wrap-up, it gets a durable deadline
 * (`participants.wrap_up_due_at`); the workers of every node record the default reason at that
 * time, so it happens with the browser closed or the node that ended the chat gone. Stopping the
 * countdown clears the deadline.
 */
const statements = `
alter table channel_settings add column wrap_up_timeout_seconds int
  check (wrap_up_timeout_seconds between 5 and 3600);
alter table channel_settings add column wrap_up_cancel_allowed boolean not null default true;
alter table participants add column wrap_up_due_at timestamptz;
create index participants_wrap_up_due_idx on participants (wrap_up_due_at)
  where wrap_up_due_at is not null and released_at is null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
