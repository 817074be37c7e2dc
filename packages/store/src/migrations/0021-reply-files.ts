import { sql, type Kysely } from 'kysely';

/**
 * Files an agent uploads for an email reply (issue 12, R-EM-5).
 *
 * An upload is scanned and stored in the blob store at once, before the reply exists: it waits
 * here, the uploading agent's alone, until a reply names it. Sending the reply moves it to
 * `attachments` (tied to the sent mail) in the same transaction, and the mail outbox refers to
 * its blob key; the sender streams it into the message.
 */
const statements = `
create table email_reply_files (
  id uuid primary key default gen_random_uuid(),
  interaction_id uuid not null references interactions(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  original_name text not null,
  content_type text not null,
  size bigint not null check (size > 0),
  sha256 text not null,
  blob_key text not null unique,
  verdict text not null check (verdict in ('clean', 'unreadable')),
  created_at timestamptz not null default now()
);
create index email_reply_files_owner_idx on email_reply_files (interaction_id, user_id)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
