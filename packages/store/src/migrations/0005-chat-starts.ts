import { sql, type Kysely } from 'kysely';

/**
 * Idempotent chat starts: one row per idempotency key the widget sent, keyed by the key's hash
 * (unique across nodes), with the customer token sealed under the key itself, so a repeated
 * start can answer the first chat and its token while the database alone opens neither. The
 * row is claimed before the chat exists (the foreign key is checked at commit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chat_starts (
      key_hash text primary key,
      interaction_id uuid not null unique
        references interactions(id) on delete cascade deferrable initially deferred,
      sealed_token text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}
