import { sql, type Kysely } from 'kysely';

/**
 * Composing email replies (issue 12). **Email templates** (R-EM-4): named HTML bodies with
 * variables, names unique ignoring case like predefined responses. **Drafts** (R-EM-6): one per
 * (contact, agent, reply mode), saved by compare-and-set on `version`; a sent reply deletes its
 * own. A reply remembers the template it started from (`email_messages.template_id`).
 */
const statements = `
create table email_templates (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  body_html text not null,
  category text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index email_templates_name_key on email_templates (lower(name));
create table email_drafts (
  interaction_id uuid not null references interactions(id) on delete cascade,
  user_id uuid not null references users(id),
  mode text not null check (mode in ('quick', 'reply', 'replyAll')),
  body text not null,
  cc jsonb not null default '[]',
  template_id uuid references email_templates(id) on delete set null,
  version int not null check (version >= 1),
  updated_at timestamptz not null,
  primary key (interaction_id, user_id, mode)
);
create index email_drafts_template_idx on email_drafts (template_id) where template_id is not null;
alter table email_messages add column template_id uuid references email_templates(id) on delete set null;
create index email_messages_template_idx on email_messages (template_id) where template_id is not null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
