import { sql, type Kysely } from 'kysely';

/**
 * Attachments (issue 10, R-CH-5, R-PCI-3, SPEC §6), channel-neutral so email reuses them.
 *
 * `blobs` + `blob_chunks` hold file contents when the blob store is PostgreSQL itself
 * (`DatabaseBlobStore`; chunked bytea rows, see there why not large objects). Chunks are written
 * before their `blobs` row, so there is no foreign key between them.
 *
 * `attachments` describes a kept file: the interaction and the event (message) it came with, the
 * side that sent it, its original name, the type sniffed from its content, size, SHA-256, the
 * blob's random key and the PCI scan's verdict (a file with card data is never kept at all).
 *
 * Per channel the admin turns attachments on or off and sets the allowed extensions (SPEC §6's
 * list by default), how many files one message may carry, and the total size of one message's
 * files, which must stay under the limit (`attachment_total_limit_bytes`, exclusive: chat < 35 MB,
 * email < 25 MB as R-CH-5 and R-EM-5 say).
 */
// prettier-ignore
const seedExtensions = [
  'html', 'mhtml', 'mht', 'odt', 'pdf', 'pdfxml', 'rtf', 'shtml', 'xps', 'xml', 'xhtml', 'txt',
  'eml', 'msg', 'ods', 'dot', 'dothtml', 'doc', 'dotx', 'dotm', 'pot', 'pothtml', 'ppthtml',
  'pptmhtml', 'pptxml', 'pps', 'ppam', 'ppt', 'pub', 'pubhtml', 'pubmhtml', 'xls', 'xlhtml',
  'xlthtml', 'xlt', 'xlsm', 'xltx', 'xltm', 'xlam', 'xlsb', 'xlsx',
];
const extensionArray = `array[${seedExtensions.map((e) => `'${e}'`).join(', ')}]::text[]`;

const statements = `
create table blobs (
  key text primary key,
  size bigint not null check (size >= 0),
  sha256 text not null,
  chunks int not null check (chunks >= 0),
  created_at timestamptz not null default now()
);
create table blob_chunks (
  key text not null,
  seq int not null check (seq >= 0),
  data bytea not null,
  created_at timestamptz not null default now(),
  primary key (key, seq)
);
create table attachments (
  id uuid primary key default gen_random_uuid(),
  interaction_id uuid not null references interactions(id) on delete cascade,
  event_seq int not null,
  sender text not null check (sender in ('agent', 'customer')),
  sender_user_id uuid references users(id),
  original_name text not null,
  content_type text not null,
  size bigint not null check (size > 0),
  sha256 text not null,
  blob_key text not null unique,
  verdict text not null check (verdict in ('clean', 'unreadable')),
  created_at timestamptz not null default now(),
  foreign key (interaction_id, event_seq) references interaction_events (interaction_id, seq)
);
create index attachments_interaction_idx on attachments (interaction_id, event_seq);
alter table channel_settings add column attachments_enabled boolean not null default true;
alter table channel_settings add column attachment_extensions text[] not null default ${extensionArray};
alter table channel_settings add column attachment_max_files int not null default 10
  check (attachment_max_files between 1 and 20);
alter table channel_settings add column attachment_total_limit_bytes bigint not null default 36700160
  check (attachment_total_limit_bytes between 1024 and 36700160);
update channel_settings set attachment_total_limit_bytes = 26214400 where channel = 'email'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    await sql.raw(statement).execute(db);
  }
}
