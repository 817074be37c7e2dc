import { sql, type Kysely } from 'kysely';

/** PCI policy per channel (R-PCI-2) and the audit trail of redactions (R-PCI-4). */
const statements = `
create table pci_policies (
  channel text primary key check (channel in ('chat', 'email')),
  action text not null default 'redact' check (action in ('redact', 'drop')),
  allow_unscannable_attachments boolean not null default true
);
insert into pci_policies (channel) values ('chat'), ('email');
create table audit_events (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  action text not null,
  actor_kind text not null check (actor_kind in ('customer', 'agent', 'system')),
  actor_id uuid,
  interaction_id uuid references interactions(id) on delete set null,
  detail jsonb not null
);
create index audit_events_interaction_idx on audit_events (interaction_id)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
