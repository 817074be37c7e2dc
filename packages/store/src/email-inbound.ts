import type { NewInteractionEvent } from '@sangdam/contracts';
import type { Executor } from './database.ts';
import { eventRowOf, type StoredEvent } from './interactions.ts';
import { preparedStatement } from './prepared.ts';
import type { DroppedMailAttachmentJson, EmailAddressJson } from './schema.ts';

/**
 * Received mail stored a batch at a time (issue 11): the usual case — a mail that opens a new
 * contact — costs three statements per batch of mails instead of about ten per mail. Each text
 * is fixed, its parameters arrays, so it is prepared once whatever the batch's size. The caller
 * gives every row its id (the events name them before the rows exist).
 */

/** A received mail as `insertInboundEmails` stores it, its contact not known yet. */
export interface NewInboundEmail {
  id: string;
  kind: 'personal' | 'auto-reply' | 'delivery-report';
  messageId: string;
  inReplyTo: readonly string[];
  references: readonly string[];
  from: EmailAddressJson | null;
  to: readonly EmailAddressJson[];
  cc: readonly EmailAddressJson[];
  replyTo: readonly EmailAddressJson[];
  subject: string;
  text: string;
  html: string | null;
  size: number;
  receivedAt: Date;
  rawBlobKey: string;
  droppedAttachments: readonly DroppedMailAttachmentJson[];
  createdAt: Date;
}

/**
 * Stores received mails in one statement: the ids of those stored. A mail whose Message-ID is
 * stored already (or comes twice in `mails`) is left out, as `insertEmailMessage` leaves it.
 */
export async function insertInboundEmails(
  db: Executor,
  mails: readonly NewInboundEmail[],
): Promise<Set<string>> {
  if (mails.length === 0) return new Set();
  const column = <T>(pick: (mail: NewInboundEmail) => T) => mails.map(pick);
  const json = (pick: (mail: NewInboundEmail) => unknown) =>
    mails.map((mail) => JSON.stringify(pick(mail)));
  const { rows } = await db.executeQuery<{ id: string }>(
    insertInboundEmailsStatement.with([
      column((mail) => mail.id),
      column((mail) => mail.kind),
      column((mail) => mail.messageId),
      json((mail) => mail.inReplyTo),
      json((mail) => mail.references),
      column((mail) => mail.from?.address ?? null),
      column((mail) => mail.from?.name ?? ''),
      json((mail) => mail.to),
      json((mail) => mail.cc),
      json((mail) => mail.replyTo),
      column((mail) => mail.subject),
      column((mail) => mail.text),
      column((mail) => mail.html),
      column((mail) => mail.size),
      column((mail) => mail.receivedAt.toISOString()),
      column((mail) => mail.rawBlobKey),
      json((mail) => mail.droppedAttachments),
      column((mail) => mail.createdAt.toISOString()),
    ]),
  );
  return new Set(rows.map((row) => row.id));
}

const insertInboundEmailsStatement = preparedStatement(
  'sangdam_insert_inbound_emails',
  `insert into email_messages (id, direction, kind, message_id, in_reply_to, reference_ids,
    from_address, from_name, to_addresses, cc_addresses, reply_to_addresses, subject, text, html,
    size, received_at, raw_blob_key, dropped_attachments, created_at)
  select m.id, 'in', m.kind, m.message_id, m.in_reply_to::jsonb, m.reference_ids::jsonb,
    m.from_address, m.from_name, m.to_addresses::jsonb, m.cc_addresses::jsonb,
    m.reply_to_addresses::jsonb, m.subject, m.text, m.html, m.size, m.received_at::timestamptz,
    m.raw_blob_key, m.dropped_attachments::jsonb, m.created_at::timestamptz
  from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[],
    $15::text[], $16::text[], $17::text[], $18::text[])
    as m(id, kind, message_id, in_reply_to, reference_ids, from_address, from_name, to_addresses,
      cc_addresses, reply_to_addresses, subject, text, html, size, received_at, raw_blob_key,
      dropped_attachments, created_at)
  on conflict (message_id) where direction = 'in' do nothing
  returning id`,
);

/**
 * The customer of each sender (one customer across channels): the newest row with the address,
 * else one added with the name given. Keys of the answer: the addresses lower-cased. Give each
 * address once.
 */
export async function customersByEmail(
  db: Executor,
  senders: readonly { email: string; name: string }[],
): Promise<Map<string, string>> {
  if (senders.length === 0) return new Map();
  const { rows } = await db.executeQuery<{ email: string; id: string }>(
    customersByEmailStatement.with([
      senders.map((sender) => sender.email.toLowerCase()),
      senders.map((sender) => sender.name),
    ]),
  );
  return new Map(rows.map((row) => [row.email, row.id]));
}

const customersByEmailStatement = preparedStatement(
  'sangdam_customers_by_email',
  `with wanted as (select * from unnest($1::text[], $2::text[]) as w(email, name)),
  known as (
    select distinct on (lower(c.email)) lower(c.email) as email, c.id from customers c
    where lower(c.email) = any($1::text[])
    order by lower(c.email), c.created_at desc, c.id desc),
  added as (
    insert into customers (name, email)
    select w.name, w.email from wanted w where not exists (select 1 from known k where k.email = w.email)
    returning email, id)
  select email, id from known union all select email, id from added`,
);

/** A file of a received mail, tied to its new contact and that contact's first event. */
export interface NewInboundFile {
  id: string;
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  blobKey: string;
  verdict: 'clean' | 'unreadable';
  inline: boolean;
  contentId: string | null;
}

/** A new email contact opened by a received mail (stored already, by `insertInboundEmails`). */
export interface NewEmailContact {
  interactionId: string;
  emailId: string;
  customerId: string;
  queueId: string;
  emailAddressId: string;
  replyToken: string;
  previousInteractionId: string | null;
  /** R-AV-3: the offer counts from when the mail was received. */
  enqueuedAt: Date;
  /** Its first events, numbered 1, 2, … in this order. */
  events: readonly NewInteractionEvent[];
  /** The mail's kept files, tied to the first event. */
  files: readonly NewInboundFile[];
}

/**
 * Opens queued email contacts in one statement: each interaction, its events, its mail tied to
 * it and its mail's files. Answers each contact's stored events, in input order.
 */
export async function openEmailContacts(
  db: Executor,
  contacts: readonly NewEmailContact[],
): Promise<StoredEvent[][]> {
  if (contacts.length === 0) return [];
  const events = contacts.map((contact) =>
    contact.events.map((event, index) => ({
      ...eventRowOf(contact.interactionId, event, contact.enqueuedAt),
      seq: index + 1,
    })),
  );
  const allEvents = events.flat();
  const files = contacts.flatMap((contact) => contact.files.map((file) => ({ contact, file })));
  await db.executeQuery(
    openEmailContactsStatement.with([
      contacts.map((contact) => contact.interactionId),
      contacts.map((contact) => contact.customerId),
      contacts.map((contact) => contact.queueId),
      contacts.map((contact) => contact.enqueuedAt.toISOString()),
      contacts.map((contact) => contact.emailAddressId),
      contacts.map((contact) => contact.replyToken),
      contacts.map((contact) => contact.previousInteractionId),
      contacts.map((contact) => contact.events.length),
      contacts.map((contact) => contact.emailId),
      allEvents.map((event) => event.interactionId),
      allEvents.map((event) => event.seq),
      allEvents.map((event) => event.type),
      allEvents.map((event) => JSON.stringify(event.body)),
      allEvents.map((event) => event.at.toISOString()),
      files.map(({ file }) => file.id),
      files.map(({ contact }) => contact.interactionId),
      files.map(({ contact }) => contact.emailId),
      files.map(({ file }) => file.originalName),
      files.map(({ file }) => file.contentType),
      files.map(({ file }) => file.size),
      files.map(({ file }) => file.sha256),
      files.map(({ file }) => file.blobKey),
      files.map(({ file }) => file.verdict),
      files.map(({ file }) => file.inline),
      files.map(({ file }) => file.contentId),
    ]),
  );
  return events;
}

// Inserted rows are seen by no other part of the statement, but the foreign keys are checked at
// its end: the events, the mails' links and the files may name interactions inserted beside them.
const openEmailContactsStatement = preparedStatement(
  'sangdam_open_email_contacts',
  `with contact as (
    insert into interactions (id, status, channel, customer_id, queue_id, entry_point_id,
      customer_token_hash, enqueued_at, email_address_id, email_reply_token,
      previous_interaction_id, last_seq)
    select c.id, 'queued', 'email', c.customer_id, c.queue_id, null, null,
      c.enqueued_at::timestamptz, c.email_address_id, c.reply_token, c.previous_id, c.last_seq
    from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[],
      $7::uuid[], $8::int[])
      as c(id, customer_id, queue_id, enqueued_at, email_address_id, reply_token, previous_id, last_seq)
    returning id),
  linked as (
    update email_messages m set interaction_id = l.interaction_id
    from unnest($9::uuid[], $1::uuid[]) as l(email_id, interaction_id)
    where m.id = l.email_id),
  logged as (
    insert into interaction_events (interaction_id, seq, type, body, client_message_id, at)
    select e.interaction_id, e.seq, e.type, e.body::jsonb, null, e.at::timestamptz
    from unnest($10::uuid[], $11::int[], $12::text[], $13::text[], $14::text[])
      as e(interaction_id, seq, type, body, at))
  insert into attachments (id, interaction_id, event_seq, sender, sender_user_id, original_name,
    content_type, size, sha256, blob_key, verdict, email_message_id, inline, content_id)
  select f.id, f.interaction_id, 1, 'customer', null, f.original_name, f.content_type, f.size,
    f.sha256, f.blob_key, f.verdict, f.email_message_id, f.inline, f.content_id
  from unnest($15::uuid[], $16::uuid[], $17::uuid[], $18::text[], $19::text[], $20::bigint[],
    $21::text[], $22::text[], $23::text[], $24::boolean[], $25::text[])
    as f(id, interaction_id, email_message_id, original_name, content_type, size, sha256,
      blob_key, verdict, inline, content_id)`,
);
