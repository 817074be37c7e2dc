import { sql, type Kysely } from 'kysely';

/**
 * The files of received mail (issue 11, R-PCI-4, §7).
 *
 * An inbound mail's kept attachments are `attachments` rows like a chat's, tied to the mail
 * (`email_message_id`) as well as to its contact; inline images the HTML shows by `cid:` are
 * marked `inline` with their `content_id`. A delivery report is tied to the contact of the reply
 * it reports on but appends no event of its own, so `event_seq` may be null for a mail's files.
 *
 * `email_messages.raw_blob_key` names the blob holding the mail as received with its card data
 * masked (the redacted message, rebuilt from the redacted parts): "View original". The received
 * bytes are never stored. `dropped_attachments` lists what the size rule or the PCI scan left out
 * (name, size, why), for the agent to be told.
 */
const statements = `
alter table attachments add column email_message_id uuid references email_messages(id) on delete cascade;
alter table attachments add column inline boolean not null default false;
alter table attachments add column content_id text;
alter table attachments alter column event_seq drop not null;
alter table attachments add constraint attachments_event_or_email
  check (event_seq is not null or email_message_id is not null);
create index attachments_email_message_idx on attachments (email_message_id)
  where email_message_id is not null;
alter table email_messages add column raw_blob_key text;
alter table email_messages add column dropped_attachments jsonb not null default '[]'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
