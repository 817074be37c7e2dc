import { sql } from 'kysely';
import type { Executor, Tx } from './database.ts';
import { preparedStatement } from './prepared.ts';
import type { DroppedMailAttachmentJson, EmailAddressJson } from './schema.ts';

/** The email channel's rows (0015-email): addresses, messages, IMAP checkpoints, the mail outbox. */

export interface EmailAddressRow {
  id: string;
  address: string;
  displayName: string;
  queueId: string;
  queueName: string;
  imapHost: string | null;
  imapPort: number | null;
  imapTls: boolean | null;
  imapUser: string | null;
  imapPasswordSealed: string | null;
  imapFolder: string | null;
}

export interface EmailAddressValues {
  address: string;
  displayName: string;
  queueId: string;
  imap: {
    host: string;
    port: number;
    tls: boolean;
    user: string;
    passwordSealed: string;
    folder: string;
  } | null;
}

function emailAddressQuery(db: Executor) {
  return db
    .selectFrom('emailAddresses as a')
    .innerJoin('queues as q', 'q.id', 'a.queueId')
    .select([
      'a.id',
      'a.address',
      'a.displayName',
      'a.queueId',
      'q.name as queueName',
      'a.imapHost',
      'a.imapPort',
      'a.imapTls',
      'a.imapUser',
      'a.imapPasswordSealed',
      'a.imapFolder',
    ]);
}

export function listEmailAddresses(db: Executor): Promise<EmailAddressRow[]> {
  return emailAddressQuery(db).orderBy('a.address').execute();
}

export function findEmailAddress(db: Executor, id: string): Promise<EmailAddressRow | undefined> {
  return emailAddressQuery(db).where('a.id', '=', id).executeTakeFirst();
}

/** The configured addresses among `addresses` (lower-cased), in the order given. */
export async function findEmailAddressesByAddress(
  db: Executor,
  addresses: readonly string[],
): Promise<EmailAddressRow[]> {
  if (addresses.length === 0) return [];
  const rows = await emailAddressQuery(db).where('a.address', 'in', addresses).execute();
  return addresses.flatMap((address) => rows.filter((row) => row.address === address));
}

function columnsOf(values: EmailAddressValues) {
  return {
    address: values.address,
    displayName: values.displayName,
    queueId: values.queueId,
    imapHost: values.imap?.host ?? null,
    imapPort: values.imap?.port ?? null,
    imapTls: values.imap?.tls ?? null,
    imapUser: values.imap?.user ?? null,
    imapPasswordSealed: values.imap?.passwordSealed ?? null,
    imapFolder: values.imap?.folder ?? null,
  };
}

export function insertEmailAddress(db: Executor, values: EmailAddressValues) {
  return db
    .insertInto('emailAddresses')
    .values(columnsOf(values))
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateEmailAddress(
  db: Executor,
  id: string,
  values: EmailAddressValues,
): Promise<boolean> {
  const result = await db
    .updateTable('emailAddresses')
    .set(columnsOf(values))
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Whether another address than `exceptId` is already `address`. */
export async function emailAddressTaken(db: Executor, address: string, exceptId: string | null) {
  let query = db.selectFrom('emailAddresses').select('id').where('address', '=', address);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** How many contacts came through the address (they keep it as the From of their replies). */
export async function emailAddressUsage(db: Executor, id: string): Promise<number> {
  const row = await db
    .selectFrom('interactions')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('emailAddressId', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteEmailAddress(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('emailAddresses').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** The newest customer row with this address (case-insensitive): one customer across channels. */
export function findCustomerByEmail(db: Executor, email: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'email'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A contact a stored Message-ID or a reply token points at, as threading reads it. */
export interface StoredThreadMatch {
  interactionId: string;
  customerKey: string;
  ended: boolean;
  /** The newest contact in its chain of follow-ups, when it has any. */
  latestFollowUp: { interactionId: string; ended: boolean } | undefined;
}

/**
 * What the keys point at: every stored Message-ID (inbound, ours, or the id a relay gave ours)
 * in `messageIds`, every reply token in `tokens`, each with its contact and the newest
 * follow-up of that contact (a reply to an ended contact opened one, maybe several in a row).
 */
export async function findThreadMatches(
  db: Executor,
  messageIds: readonly string[],
  tokens: readonly string[],
): Promise<{ byId: Map<string, StoredThreadMatch>; byToken: Map<string, StoredThreadMatch> }> {
  const byId = new Map<string, StoredThreadMatch>();
  const byToken = new Map<string, StoredThreadMatch>();
  if (messageIds.length === 0 && tokens.length === 0) return { byId, byToken };
  const { rows } = await db.executeQuery<{
    kind: 'id' | 'token';
    key: string;
    interactionId: string;
    customerKey: string;
    ended: boolean;
    latestId: string | null;
    latestEnded: boolean | null;
  }>(findThreadMatchesStatement.with([messageIds, tokens]));
  for (const row of rows) {
    const match: StoredThreadMatch = {
      interactionId: row.interactionId,
      customerKey: row.customerKey,
      ended: row.ended,
      latestFollowUp:
        row.latestId === null
          ? undefined
          : { interactionId: row.latestId, ended: row.latestEnded === true },
    };
    (row.kind === 'id' ? byId : byToken).set(row.key, match);
  }
  return { byId, byToken };
}

// One text whatever the number of keys (arrays), so it is prepared once (every received mail).
const findThreadMatchesStatement = preparedStatement(
  'sangdam_find_thread_matches',
  `with recursive hits as (
    select 'id' as kind, m.message_id as key, m.interaction_id as root
      from email_messages m where m.interaction_id is not null and m.message_id = any($1::text[])
    union
    select 'id', m.relay_message_id, m.interaction_id
      from email_messages m
      where m.interaction_id is not null and m.relay_message_id = any($1::text[])
    union
    select 'token', i.email_reply_token, i.id from interactions i
      where i.email_reply_token = any($2::text[])
  ), chain (root, id) as (
    select distinct root, root from hits
    union
    select c.root, f.id from chain c join interactions f on f.previous_interaction_id = c.id
  )
  select h.kind, h.key, r.id as "interactionId", r.customer_key as "customerKey",
    r.status = 'ended' as ended, latest.id as "latestId", latest.status = 'ended' as "latestEnded"
  from hits h join interactions r on r.id = h.root
  left join lateral (
    select f.id, f.status from chain c join interactions f on f.id = c.id
    where c.root = h.root and c.id <> h.root
    order by f.created_at desc, f.id desc limit 1
  ) latest on true`,
);

export interface NewEmailMessage {
  interactionId: string | null;
  direction: 'in' | 'out';
  kind: 'personal' | 'auto-reply' | 'delivery-report';
  messageId: string;
  inReplyTo: readonly string[];
  references: readonly string[];
  from: EmailAddressJson | null;
  to: readonly EmailAddressJson[];
  cc: readonly EmailAddressJson[];
  /** Reply-To of an inbound mail; replies go there instead of From. */
  replyTo?: readonly EmailAddressJson[];
  subject: string;
  text: string;
  html: string | null;
  size: number;
  receivedAt: Date | null;
  status: 'queued' | null;
  authorId: string | null;
  clientMessageId: string | null;
  reportsOnId: string | null;
  /** Inbound: the blob of the redacted raw message. */
  rawBlobKey?: string | null;
  /** Inbound: what was not kept of the mail's files. */
  droppedAttachments?: readonly DroppedMailAttachmentJson[];
  /** An outbound reply: the email template it started from. */
  templateId?: string | null;
  createdAt: Date;
}

/**
 * Stores a mail; an inbound one whose Message-ID is stored already is not stored again
 * (undefined: a duplicate). A concurrent insert of the same Message-ID waits for the first
 * transaction and then sees the conflict.
 */
export async function insertEmailMessage(
  db: Executor,
  mail: NewEmailMessage,
): Promise<{ id: string } | undefined> {
  const {
    from,
    to,
    cc,
    replyTo = [],
    inReplyTo,
    references,
    droppedAttachments = [],
    ...rest
  } = mail;
  return (
    db
      .insertInto('emailMessages')
      .values({
        ...rest,
        fromAddress: from?.address ?? null,
        fromName: from?.name ?? '',
        toAddresses: JSON.stringify(to),
        ccAddresses: JSON.stringify(cc),
        replyToAddresses: JSON.stringify(replyTo),
        inReplyTo: JSON.stringify(inReplyTo),
        referenceIds: JSON.stringify(references),
        droppedAttachments: JSON.stringify(droppedAttachments),
      })
      // The index predicate as a literal: a parameter cannot match the partial unique index once
      // the statement runs as a prepared generic plan (PGlite prepares each text once).
      .onConflict((oc) => oc.column('messageId').where('direction', '=', sql.lit('in')).doNothing())
      .returning('id')
      .executeTakeFirst()
  );
}

/**
 * Claims an IMAP message (mailbox, folder, UIDVALIDITY, UID) for this transaction; false when it
 * was stored before (a re-delivered UID). Written in the transaction that stores the mail.
 */
export async function claimImapMessage(
  db: Executor,
  key: { emailAddressId: string; folder: string; uidValidity: bigint; uid: number },
  seenAt: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('imapSeen')
    .values({
      emailAddressId: key.emailAddressId,
      folder: key.folder,
      uidValidity: key.uidValidity.toString(),
      uid: key.uid,
      emailMessageId: null,
      seenAt,
    })
    .onConflict((oc) => oc.columns(['emailAddressId', 'folder', 'uidValidity', 'uid']).doNothing())
    .returning('uid')
    .executeTakeFirst();
  return row !== undefined;
}

export async function linkImapMessage(
  db: Executor,
  key: { emailAddressId: string; folder: string; uidValidity: bigint; uid: number },
  emailMessageId: string,
): Promise<void> {
  await db
    .updateTable('imapSeen')
    .set({ emailMessageId })
    .where('emailAddressId', '=', key.emailAddressId)
    .where('folder', '=', key.folder)
    .where('uidValidity', '=', key.uidValidity.toString())
    .where('uid', '=', String(key.uid))
    .execute();
}

/** How far the IMAP reader got in a mailbox's folder: every UID up to `lastUid` is committed. */
export async function loadImapCheckpoint(
  db: Executor,
  emailAddressId: string,
  folder: string,
): Promise<{ uidValidity: bigint; lastUid: number } | undefined> {
  const row = await db
    .selectFrom('imapCheckpoints')
    .select(['uidValidity', 'lastUid'])
    .where('emailAddressId', '=', emailAddressId)
    .where('folder', '=', folder)
    .executeTakeFirst();
  return row && { uidValidity: BigInt(row.uidValidity), lastUid: Number(row.lastUid) };
}

/**
 * Saves the checkpoint. Within one UIDVALIDITY it only moves forward (a reader that lost its
 * lock while another took over never winds it back); a new UIDVALIDITY replaces it. An address
 * deleted meanwhile is left alone.
 */
export async function saveImapCheckpoint(
  db: Executor,
  emailAddressId: string,
  folder: string,
  checkpoint: { uidValidity: bigint; lastUid: number },
): Promise<void> {
  await sql`
    insert into imap_checkpoints (email_address_id, folder, uid_validity, last_uid)
    select ${emailAddressId}::uuid, ${folder}, ${checkpoint.uidValidity.toString()}::bigint,
      ${checkpoint.lastUid}::bigint
    where exists (select 1 from email_addresses where id = ${emailAddressId}::uuid)
    on conflict (email_address_id, folder) do update set
      last_uid = case when imap_checkpoints.uid_validity = excluded.uid_validity
        then greatest(imap_checkpoints.last_uid, excluded.last_uid) else excluded.last_uid end,
      uid_validity = excluded.uid_validity`.execute(db);
}

/** One of our outbound mails, by its Message-ID or the id a relay gave it instead. */
export function findOutboundEmail(db: Executor, messageId: string) {
  return db
    .selectFrom('emailMessages')
    .select(['id', 'interactionId', 'authorId', 'status', 'messageId'])
    .where('direction', '=', 'out')
    .where((eb) => eb.or([eb('messageId', '=', messageId), eb('relayMessageId', '=', messageId)]))
    .executeTakeFirst();
}

/** The mail a reply in this contact answers: its newest inbound personal mail. */
export function findReplyParent(db: Executor, interactionId: string) {
  return db
    .selectFrom('emailMessages')
    .select([
      'id',
      'messageId',
      'inReplyTo',
      'referenceIds',
      'fromAddress',
      'fromName',
      'replyToAddresses',
      'toAddresses',
      'ccAddresses',
      'subject',
    ])
    .where('interactionId', '=', interactionId)
    .where('direction', '=', 'in')
    .where('kind', '=', 'personal')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** An email contact's address and reply token. */
export function findEmailContact(db: Executor, interactionId: string) {
  return db
    .selectFrom('interactions as i')
    .leftJoin('emailAddresses as a', 'a.id', 'i.emailAddressId')
    .select([
      'i.emailReplyToken',
      'i.previousInteractionId',
      'a.address',
      'a.displayName as addressDisplayName',
    ])
    .where('i.id', '=', interactionId)
    .executeTakeFirst();
}

export function findEmailByClientMessageId(
  db: Executor,
  interactionId: string,
  clientMessageId: string,
) {
  return db
    .selectFrom('emailMessages')
    .select(['id', 'messageId', 'status'])
    .where('interactionId', '=', interactionId)
    .where('clientMessageId', '=', clientMessageId)
    .executeTakeFirst();
}

export interface EmailMessageRow {
  id: string;
  interactionId: string | null;
  direction: 'in' | 'out';
  kind: 'personal' | 'auto-reply' | 'delivery-report';
  messageId: string;
  relayMessageId: string | null;
  fromAddress: string | null;
  fromName: string;
  toAddresses: EmailAddressJson[];
  ccAddresses: EmailAddressJson[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date | null;
  sentAt: Date | null;
  status: 'queued' | 'sent' | 'failed' | null;
  failure: string | null;
  rawBlobKey: string | null;
  droppedAttachments: DroppedMailAttachmentJson[];
  createdAt: Date;
  /** Outbound: the display name of the agent who wrote it. */
  authorName: string | null;
}

/** The mails of one contact, oldest first. */
export function listEmailMessages(db: Executor, interactionId: string): Promise<EmailMessageRow[]> {
  return db
    .selectFrom('emailMessages')
    .leftJoin('users', 'users.id', 'emailMessages.authorId')
    .select([
      'emailMessages.id',
      'emailMessages.interactionId',
      'emailMessages.direction',
      'emailMessages.kind',
      'emailMessages.messageId',
      'emailMessages.relayMessageId',
      'emailMessages.fromAddress',
      'emailMessages.fromName',
      'emailMessages.toAddresses',
      'emailMessages.ccAddresses',
      'emailMessages.subject',
      'emailMessages.text',
      'emailMessages.html',
      'emailMessages.receivedAt',
      'emailMessages.sentAt',
      'emailMessages.status',
      'emailMessages.failure',
      'emailMessages.rawBlobKey',
      'emailMessages.droppedAttachments',
      'emailMessages.createdAt',
      'users.displayName as authorName',
    ])
    .where('emailMessages.interactionId', '=', interactionId)
    .orderBy('emailMessages.createdAt')
    .orderBy('emailMessages.id')
    .execute();
}

/** The blob key of a contact's received mail's redacted raw message (undefined: no such mail). */
export async function findEmailRawBlob(
  db: Executor,
  interactionId: string,
  emailId: string,
): Promise<{ messageId: string; rawBlobKey: string | null } | undefined> {
  return db
    .selectFrom('emailMessages')
    .select(['messageId', 'rawBlobKey'])
    .where('id', '=', emailId)
    .where('interactionId', '=', interactionId)
    .executeTakeFirst();
}

// ---- the mail outbox ----

/** Puts a stored outbound mail in the outbox, due at once. */
export async function enqueueMail(
  db: Executor,
  entry: { emailMessageId: string; mail: Record<string, unknown>; now: Date; giveUpAt: Date },
): Promise<void> {
  await db
    .insertInto('mailOutbox')
    .values({
      emailMessageId: entry.emailMessageId,
      mail: JSON.stringify(entry.mail),
      nextAttemptAt: entry.now,
      giveUpAt: entry.giveUpAt,
    })
    .execute();
}

export interface ClaimedMail {
  emailMessageId: string;
  mail: Record<string, unknown>;
  attempts: number;
  giveUpAt: Date;
}

/**
 * Claims due mail for one attempt each: rows another node holds are skipped (`SKIP LOCKED`),
 * and each claimed row's next attempt moves to `leaseUntil` in the same statement, so no other
 * worker takes it while this one sends (a worker that dies mid-send gives it back then).
 */
export async function claimDueMail(
  tx: Tx,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedMail[]> {
  const { rows } = await sql<ClaimedMail>`
    update mail_outbox o set next_attempt_at = ${leaseUntil}, attempts = o.attempts + 1
    from (select email_message_id from mail_outbox where next_attempt_at <= ${now}
          order by next_attempt_at limit ${limit} for update skip locked) due
    where o.email_message_id = due.email_message_id
    returning o.email_message_id, o.mail, o.attempts, o.give_up_at`.execute(tx);
  return rows.map((row) => ({
    ...row,
    mail:
      typeof row.mail === 'string' ? (JSON.parse(row.mail) as Record<string, unknown>) : row.mail,
    giveUpAt: new Date(row.giveUpAt),
  }));
}

export async function recordSendAttempt(
  db: Executor,
  attempt: {
    emailMessageId: string;
    at: Date;
    outcome: 'sent' | 'retry' | 'failed';
    response: string;
  },
): Promise<void> {
  await db.insertInto('mailSendAttempts').values(attempt).execute();
}

export function listSendAttempts(db: Executor, emailMessageId: string) {
  return db
    .selectFrom('mailSendAttempts')
    .select(['at', 'outcome', 'response'])
    .where('emailMessageId', '=', emailMessageId)
    .orderBy('id')
    .execute();
}

export async function rescheduleMail(db: Executor, emailMessageId: string, at: Date) {
  await db
    .updateTable('mailOutbox')
    .set({ nextAttemptAt: at })
    .where('emailMessageId', '=', emailMessageId)
    .execute();
}

/**
 * Makes a failed reply due again (the agent's Retry): its kept outbox row, with fresh attempts
 * until `giveUpAt`, and the reply queued again. False when there is no kept row to send (a reply
 * that bounced after it was sent, or one not failed).
 */
export async function requeueFailedMail(
  db: Executor,
  emailMessageId: string,
  now: Date,
  giveUpAt: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('mailOutbox')
    .set({ nextAttemptAt: now, giveUpAt, attempts: 0 })
    .where('emailMessageId', '=', emailMessageId)
    .where('nextAttemptAt', 'is', null)
    .returning('emailMessageId')
    .executeTakeFirst();
  if (!row) return false;
  await db
    .updateTable('emailMessages')
    .set({ status: 'queued', failure: null })
    .where('id', '=', emailMessageId)
    .execute();
  return true;
}

/**
 * Ends an outbound mail's life in the outbox: sent (with the id the relay gave it, if any) or
 * failed (with why). Returns its contact and author to tell, or undefined when it had already
 * ended (a bounce after a failure).
 */
export async function finishOutboundMail(
  db: Executor,
  emailMessageId: string,
  outcome:
    | { status: 'sent'; at: Date; relayMessageId: string | undefined }
    | { status: 'failed'; failure: string },
) {
  // A failed reply's row stays, due never, for the agent's Retry (the same mail again).
  if (outcome.status === 'sent') {
    await db.deleteFrom('mailOutbox').where('emailMessageId', '=', emailMessageId).execute();
  } else {
    await db
      .updateTable('mailOutbox')
      .set({ nextAttemptAt: null })
      .where('emailMessageId', '=', emailMessageId)
      .execute();
  }
  return db
    .updateTable('emailMessages')
    .set(
      outcome.status === 'sent'
        ? {
            status: 'sent',
            sentAt: outcome.at,
            relayMessageId: outcome.relayMessageId ?? null,
          }
        : { status: 'failed', failure: outcome.failure },
    )
    .where('id', '=', emailMessageId)
    .where('direction', '=', 'out')
    .returning(['id', 'interactionId', 'authorId', 'messageId', 'subject'])
    .executeTakeFirst();
}
