import { sql, type Kysely } from 'kysely';

/**
 * Circular and longest-available routing read each candidate's latest offer on every routing
 * step; without this index that is a scan of all offers ever made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index offers_user_offered_idx on offers (user_id, offered_at desc)`.execute(db);
}
