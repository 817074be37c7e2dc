import { sql, type Kysely } from 'kysely';

/**
 * Complete blobs that nothing names (issue 11): a node killed between writing a received mail's
 * (or an upload's) blobs and the commit that names them leaves them whole. The sweep walks
 * `blobs` by age (`blobs_created_idx`) and asks, per blob, whether a row names it: attachments
 * through their unique `blob_key`, received mails' raw messages through this partial index.
 */
const statements = `
create index blobs_created_idx on blobs (created_at, key);
create index email_messages_raw_blob_idx on email_messages (raw_blob_key) where raw_blob_key is not null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
