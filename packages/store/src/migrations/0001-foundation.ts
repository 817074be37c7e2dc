import { sql, type Kysely } from 'kysely';

/** Accounts, organisation setup, presence, routing and the interaction event log. */
const statements = `
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  display_name text not null,
  role text not null check (role in ('agent', 'supervisor', 'admin')),
  password_hash text not null,
  profile_id uuid,
  created_at timestamptz not null default now()
);
create table sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create table multimedia_profiles (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  mode text not null default 'blended' check (mode in ('blended', 'exclusive')),
  chat_capacity int not null check (chat_capacity between 0 and 5),
  email_capacity int not null check (email_capacity between 0 and 5),
  is_default boolean not null default false
);
alter table users add foreign key (profile_id) references multimedia_profiles(id);
create table teams (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  profile_id uuid references multimedia_profiles(id)
);
create table team_members (
  team_id uuid not null references teams(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  primary key (team_id, user_id)
);
create table queues (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  channel text not null check (channel in ('chat', 'email')),
  offer_timeout_seconds int not null check (offer_timeout_seconds between 5 and 600),
  created_at timestamptz not null default now()
);
create table team_queues (
  team_id uuid not null references teams(id) on delete cascade,
  queue_id uuid not null references queues(id) on delete cascade,
  primary key (team_id, queue_id)
);
create table wrap_up_reasons (
  id uuid primary key default gen_random_uuid(),
  label text not null unique,
  is_default boolean not null default false,
  sort_order int not null default 0
);
create unique index wrap_up_reasons_one_default on wrap_up_reasons (is_default) where is_default;
create table idle_reasons (
  id uuid primary key default gen_random_uuid(),
  label text not null unique,
  is_default boolean not null default false,
  sort_order int not null default 0
);
create table entry_points (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  queue_id uuid not null references queues(id),
  greeting text not null default '',
  is_default boolean not null default false
);
create table agent_presence (
  user_id uuid primary key references users(id) on delete cascade,
  state text not null check (state in ('offline', 'idle', 'available', 'rona')),
  idle_reason_id uuid references idle_reasons(id),
  since timestamptz not null,
  available_since timestamptz,
  version int not null default 0
);
create index agent_presence_available_idx on agent_presence (available_since) where state = 'available';
create table agent_state_log (
  id bigint generated always as identity primary key,
  user_id uuid not null references users(id) on delete cascade,
  state text not null,
  idle_reason_id uuid references idle_reasons(id),
  cause text not null,
  at timestamptz not null
);
create table customers (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  email text,
  created_at timestamptz not null default now()
);
create index customers_email_idx on customers (lower(email));
create table interactions (
  id uuid primary key default gen_random_uuid(),
  channel text not null check (channel in ('chat', 'email')),
  status text not null check (status in ('queued', 'offered', 'active', 'ended')),
  customer_id uuid not null references customers(id),
  queue_id uuid not null references queues(id),
  entry_point_id uuid references entry_points(id),
  customer_token_hash text unique,
  priority int not null default 0,
  enqueued_at timestamptz not null,
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  last_seq int not null default 0
);
create index interactions_waiting_idx on interactions (queue_id, priority desc, enqueued_at) where status = 'queued';
create table interaction_events (
  interaction_id uuid not null references interactions(id) on delete cascade,
  seq int not null,
  type text not null,
  body jsonb not null,
  client_message_id text,
  at timestamptz not null,
  primary key (interaction_id, seq)
);
create unique index interaction_events_client_message_idx on interaction_events (interaction_id, client_message_id) where client_message_id is not null;
create table participants (
  interaction_id uuid not null references interactions(id) on delete cascade,
  user_id uuid not null references users(id),
  role text not null check (role in ('primary', 'conference')),
  joined_at timestamptz not null,
  left_at timestamptz,
  released_at timestamptz,
  primary key (interaction_id, user_id)
);
create index participants_open_idx on participants (user_id) where released_at is null;
create table offers (
  id uuid primary key default gen_random_uuid(),
  interaction_id uuid not null references interactions(id) on delete cascade,
  user_id uuid not null references users(id),
  status text not null check (status in ('pending', 'accepted', 'expired', 'withdrawn')),
  offered_at timestamptz not null,
  expires_at timestamptz not null,
  decided_at timestamptz
);
create unique index offers_one_pending_per_interaction on offers (interaction_id) where status = 'pending';
create index offers_pending_expiry_idx on offers (expires_at) where status = 'pending';
create index offers_pending_user_idx on offers (user_id) where status = 'pending';
create table wrap_ups (
  id uuid primary key default gen_random_uuid(),
  interaction_id uuid not null references interactions(id) on delete cascade,
  user_id uuid not null references users(id),
  submitted_at timestamptz not null,
  automatic boolean not null default false,
  unique (interaction_id, user_id)
);
create table wrap_up_selections (
  wrap_up_id uuid not null references wrap_ups(id) on delete cascade,
  reason_id uuid not null references wrap_up_reasons(id),
  primary key (wrap_up_id, reason_id)
);
create table socket_io_attachments (
  id bigserial unique,
  created_at timestamptz default now(),
  payload bytea
)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
