import { sql, type Kysely } from 'kysely';

/**
 * The email channel (issue 11). Admins configure the organisation's **email addresses**, each
 * routed to a queue, optionally read from an IMAP mailbox (its password sealed with AES-GCM under
 * a key from the configuration, never stored in clear).
 *
 * Every mail in or out is an `email_messages` row, tied to its contact. Inbound mail is stored
 * once per Message-ID (a unique index: a retry, a re-delivery or a second IMAP copy is a
 * duplicate) and once per IMAP (mailbox, folder, UIDVALIDITY, UID) in `imap_seen`, written in the
 * same transaction. Outbound mail gets its Message-ID before the first attempt; a relay that
 * renames it gives `relay_message_id`, which threading matches too.
 *
 * An email contact keeps the address it came to (`email_address_id`, the From of its replies),
 * a reply token (in our replies' Reply-To and subject) and, for a reply to an ended contact, the
 * contact it follows up (`previous_interaction_id`).
 *
 * `mail_outbox` holds replies waiting to be sent: a worker of any node claims due rows with
 * `SKIP LOCKED` and leases them (`next_attempt_at` moves past the send's longest time before the
 * send starts), so two nodes never send one reply at once; each attempt is a row of
 * `mail_send_attempts`.
 */
const statements = `
create table email_addresses (
  id uuid primary key default gen_random_uuid(),
  address text not null unique check (address = lower(address)),
  display_name text not null default '',
  queue_id uuid not null references queues(id),
  imap_host text,
  imap_port int check (imap_port between 1 and 65535),
  imap_tls boolean,
  imap_user text,
  imap_password_sealed text,
  imap_folder text,
  created_at timestamptz not null default now(),
  check ((imap_host is null) = (imap_port is null) and (imap_host is null) = (imap_tls is null)
    and (imap_host is null) = (imap_user is null)
    and (imap_host is null) = (imap_password_sealed is null)
    and (imap_host is null) = (imap_folder is null))
);
create index email_addresses_queue_idx on email_addresses (queue_id);
alter table interactions add column email_address_id uuid references email_addresses(id);
alter table interactions add column email_reply_token text unique;
alter table interactions add column previous_interaction_id uuid references interactions(id);
create index interactions_previous_idx on interactions (previous_interaction_id)
  where previous_interaction_id is not null;
create index interactions_email_address_idx on interactions (email_address_id)
  where email_address_id is not null;
create table email_messages (
  id uuid primary key default gen_random_uuid(),
  interaction_id uuid references interactions(id) on delete cascade,
  direction text not null check (direction in ('in', 'out')),
  kind text not null check (kind in ('personal', 'auto-reply', 'delivery-report')),
  message_id text not null,
  relay_message_id text,
  in_reply_to jsonb not null default '[]',
  reference_ids jsonb not null default '[]',
  from_address text,
  from_name text not null default '',
  to_addresses jsonb not null default '[]',
  cc_addresses jsonb not null default '[]',
  reply_to_addresses jsonb not null default '[]',
  subject text not null default '',
  text text not null default '',
  html text,
  size int not null default 0,
  received_at timestamptz,
  sent_at timestamptz,
  status text check (status in ('queued', 'sent', 'failed')),
  failure text,
  author_id uuid references users(id),
  client_message_id text,
  reports_on_id uuid references email_messages(id),
  created_at timestamptz not null,
  check ((direction = 'out') = (status is not null))
);
create unique index email_messages_inbound_message_id on email_messages (message_id)
  where direction = 'in';
create unique index email_messages_outbound_message_id on email_messages (message_id)
  where direction = 'out';
create index email_messages_message_id_idx on email_messages (message_id);
create index email_messages_relay_id_idx on email_messages (relay_message_id)
  where relay_message_id is not null;
create index email_messages_interaction_idx on email_messages (interaction_id, created_at);
create unique index email_messages_client_message_idx on email_messages (interaction_id, client_message_id)
  where client_message_id is not null;
create table imap_checkpoints (
  email_address_id uuid not null references email_addresses(id) on delete cascade,
  folder text not null,
  uid_validity bigint not null,
  last_uid bigint not null default 0,
  primary key (email_address_id, folder)
);
create table imap_seen (
  email_address_id uuid not null references email_addresses(id) on delete cascade,
  folder text not null,
  uid_validity bigint not null,
  uid bigint not null,
  email_message_id uuid references email_messages(id) on delete set null,
  seen_at timestamptz not null,
  primary key (email_address_id, folder, uid_validity, uid)
);
create table mail_outbox (
  email_message_id uuid primary key references email_messages(id) on delete cascade,
  mail jsonb not null,
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  give_up_at timestamptz not null
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at);
create table mail_send_attempts (
  id bigint generated always as identity primary key,
  email_message_id uuid not null references email_messages(id) on delete cascade,
  at timestamptz not null,
  outcome text not null check (outcome in ('sent', 'retry', 'failed')),
  response text not null
);
create index mail_send_attempts_message_idx on mail_send_attempts (email_message_id)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
