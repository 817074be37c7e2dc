import { sql, type Kysely } from 'kysely';

/**
 * How each IMAP mailbox is doing, for the admins (issue 11): when it was last read to its end,
 * and the last problem (a code the UIs name, and the server's words without the password). Kept
 * apart from `email_addresses`, which admins write: the workers write this one every poll.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table imap_mailbox_status (
      email_address_id uuid primary key references email_addresses(id) on delete cascade,
      last_success_at timestamptz,
      last_problem_at timestamptz,
      last_problem_code text,
      last_problem_detail text
    )`.execute(db);
}
