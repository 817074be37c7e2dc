import { sql, type Kysely } from 'kysely';

/**
 * A failed reply can be sent again (issue 12, "Retry"): its `mail_outbox` row now stays when
 * the relay refuses it or retries run out, with no next attempt (`next_attempt_at` null, so no
 * worker claims it), and the agent's Retry makes it due again — the same stored mail, the same
 * Message-ID. A sent reply's row is still deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table mail_outbox alter column next_attempt_at drop not null`.execute(db);
}
