import { sql, type Kysely } from 'kysely';

/**
 * Predefined chat responses (R-CH-4). Titles are unique ignoring case (the service trims them),
 * so two entries never look the same in an agent's picker; lengths are checked in contracts.
 */
const statements = `
create table predefined_responses (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  text text not null,
  category text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index predefined_responses_title_key on predefined_responses (lower(title))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
