import { sql, type Kysely } from 'kysely';

/**
 * Entry points can be deleted (issue 10). The chats that came through one keep everything of
 * their own (customer, queue, events with the assistant's turns, attachments); only their link to
 * the deleted configuration goes (set null), as its name and answers are configuration, not
 * history. A chat still with the assistant then has no answers: its next message hands it over.
 */
const statements = `
alter table interactions drop constraint interactions_entry_point_id_fkey;
alter table interactions add constraint interactions_entry_point_id_fkey
  foreign key (entry_point_id) references entry_points(id) on delete set null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
