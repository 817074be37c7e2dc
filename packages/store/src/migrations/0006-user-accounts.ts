import { sql, type Kysely } from 'kysely';

/**
 * Accounts are deactivated, never deleted: their contacts, wrap-ups and state log keep naming
 * them. A deactivated user cannot sign in and is never routed a contact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column deactivated_at timestamptz`.execute(db);
}
