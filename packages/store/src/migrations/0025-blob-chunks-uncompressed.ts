import { sql, type Kysely } from 'kysely';

/**
 * Blob chunks are stored out of line without compression (issue 11). PostgreSQL tried pglz on
 * every chunk over 2 KB: most attachments are compressed already (images, PDF, Office files,
 * archives) and gained nothing, while a received mail's raw message and text files cost the
 * server CPU on each write. Under the email benchmark's mix this was a fifth of PostgreSQL's time
 * per mail (2.29 → 1.78 ms); the price is disk for text-like blobs. Rows written before keep
 * their form; new ones are stored as they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table blob_chunks alter column data set storage external`.execute(db);
}
