import type {
  AttachmentPolicy,
  DroppedMailAttachment,
  EmailAttachment,
  EmailSummary,
  InteractionEvent,
  NewInteractionEvent,
} from '@sangdam/contracts';
import { countCharacters, limits } from '@sangdam/contracts';
import {
  customerKeyOf,
  DEFAULT_MAIL_SIZE_LIMIT,
  maskMessageId,
  parseMail,
  normaliseMessageId,
  resolveThread,
  screenMail,
  threadKeys,
  type MailAddress,
  type MailAttachment,
  type MailOrigin,
  type MailSink,
  type ParsedMail,
  type RedactMailOptions,
  type ScreenedMail,
  type SizeRuleOptions,
  type SinkOutcome,
  type ThreadDecision,
} from '@sangdam/mail';
import {
  claimImapMessage,
  customersByEmail,
  findCustomerByEmail,
  findInteraction,
  findOutboundEmail,
  findThreadMatches,
  finishOutboundMail,
  insertAttachment,
  insertCustomer,
  insertEmailMessage,
  insertInboundEmails,
  insertInteraction,
  linkImapMessage,
  loadAttachmentPolicy,
  loadPciPolicy,
  openEmailContacts,
  recordAudit,
  type NewInboundEmail,
  type Db,
  type EmailAddressRow,
  type PciPolicy,
  type StoredBlob,
  type Tx,
} from '@sangdam/store';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { GroupCommit } from '../group-commit.ts';
import { deleteBlobs } from '../chat/attachments.ts';
import { configuredAddress, configuredAddressById } from './addresses.ts';
import { appendAndFanOut, fanOut } from '../fan-out.ts';
import { pushInteractionToAgents } from '../interactions/lifecycle.ts';
import type { Outbox } from '../outbox.ts';
import { queueRefOf } from '../interactions/presenters.ts';

/**
 * The server's side of every mail source (R-EM-1): stores a received mail in one transaction (shared
 * with the mails that arrived beside it: group commit, see `batchesOf`) and answers only after
 * commit, so a source acknowledges (SMTP 250, IMAP \Seen) only what is stored.
 *
 * - Screened here, once, whoever calls (`screenMail`: the §7 size rule with the email channel's
 *   attachment policy, then R-PCI-4's redaction): nothing of the mail is stored before it.
 * - Files: the redacted raw message ("View original") and each kept attachment go to the blob
 *   store first; the transaction then names them (`email_messages.raw_blob_key`, `attachments`
 *   rows tied to the mail and its contact, inline `cid:` images marked). Blobs of a mail that
 *   was not stored (a duplicate, a failed transaction) are deleted again.
 * - Idempotent: the same Message-ID (or, from IMAP, the same mailbox, UIDVALIDITY and UID) is
 *   stored once; a mail without Message-ID gets one made up from its bytes.
 * - Threading (`@sangdam/mail` threading): a mail to an open contact of the same customer is
 *   appended and its agents are told; to an ended one opens a new contact linked to it; else a
 *   new contact is queued on the address's queue and routed like a chat. `email.received` names
 *   the kept files and what was dropped (name, size, why).
 * - Auto-replies never open a contact (appended to an open one, else kept aside with their raw
 *   message only); a delivery report marks the reply it reports on failed and tells its author.
 * - One customer across channels: the newest customer row with the sender's address is reused.
 */
export async function ingestMail(
  deps: Deps,
  parsed: ParsedMail,
  origin: MailOrigin,
  raw?: Uint8Array,
): Promise<SinkOutcome> {
  // Masked as `screenMail` masks it: the id is stored, and looked up, without card data.
  const messageId = parsed.messageId
    ? maskMessageId(parsed.messageId)
    : madeUpMessageId(raw, parsed);
  const admitted = await admit(deps, parsed, origin);
  if ('status' in admitted) return admitted;
  const screened = await screenMail(parsed, raw, ...screeningOf(await emailPolicies(deps)));
  return storeScreened(deps, screened, { messageId, origin, address: admitted.address });
}

/** `screenMail`'s size rule and PCI policy for the email channel's policies. */
function screeningOf(policy: EmailPolicies): [SizeRuleOptions, RedactMailOptions] {
  return [
    {
      limitBytes: Math.min(policy.attachments.totalLimitBytes, DEFAULT_MAIL_SIZE_LIMIT),
      attachmentsAllowed: policy.attachments.enabled,
    },
    { allowUnscannableAttachments: policy.pci.allowUnscannableAttachments },
  ];
}

/**
 * What is refused before a mail is stored: a mail to none of our addresses, and a personal mail
 * without sender. A duplicate (a sender's retry, an IMAP UID seen again) is found by the
 * transaction, which stores each Message-ID once: a probe before it would cost every mail a
 * round trip to spare the rare retry its screening.
 */
async function admit(
  deps: Deps,
  mail: ParsedMail,
  origin: MailOrigin,
): Promise<SinkOutcome | { address: EmailAddressRow }> {
  const address = await addressOf(deps, mail, origin);
  if (!address) {
    return { status: 'refused', code: 550, message: '5.1.1 No such mailbox here' };
  }
  if (!(mail.from ?? mail.replyTo[0]) && mail.kind === 'personal') {
    return { status: 'refused', code: 550, message: '5.1.7 The mail has no sender address' };
  }
  return { address };
}

/** Stores a screened, admitted mail: its blobs, then its transaction (group-committed). */
async function storeScreened(
  deps: Deps,
  screened: ScreenedMail,
  { messageId, origin, address }: Pick<MailToStore, 'messageId' | 'origin' | 'address'>,
): Promise<SinkOutcome> {
  const files = await storeFiles(deps, screened);
  let outcome: { result: SinkOutcome; filesUsed: boolean; routing: boolean };
  try {
    outcome = await batchesOf(deps).submit({ screened, files, messageId, origin, address });
  } catch (error) {
    await deleteBlobs(deps, [files.raw, ...files.attachments.map((file) => file.blob)]);
    throw error;
  }
  if (outcome.result.status !== 'stored') {
    await deleteBlobs(deps, [files.raw, ...files.attachments.map((file) => file.blob)]);
  } else if (!outcome.filesUsed) {
    await deleteBlobs(
      deps,
      files.attachments.map((file) => file.blob),
    );
  }
  if (outcome.routing) deps.requestRouting();
  return outcome.result;
}

/** A kept attachment of a mail being stored: its blob and the id its row and events will have. */
interface StoredFile {
  ref: EmailAttachment;
  blob: StoredBlob;
  verdict: 'clean' | 'unreadable';
}

/**
 * The mail's blobs, written before its transaction: the redacted raw message and each kept file,
 * side by side (on PostgreSQL each on a pooled connection of its own).
 */
async function storeFiles(
  deps: Deps,
  screened: ScreenedMail,
): Promise<{ raw: StoredBlob; attachments: StoredFile[] }> {
  const puts = await Promise.allSettled([
    deps.blobs.put(screened.raw),
    ...screened.mail.attachments.map((attachment) => deps.blobs.put(attachment.content)),
  ]);
  const written = puts.flatMap((put) => (put.status === 'fulfilled' ? [put.value] : []));
  const failed = puts.find((put) => put.status === 'rejected');
  if (failed) {
    await deleteBlobs(deps, written);
    throw failed.reason;
  }
  const [raw, ...blobs] = written;
  const attachments = screened.mail.attachments.map((attachment, index) => ({
    ref: refOf(attachment, blobs[index]!),
    blob: blobs[index]!,
    verdict: screened.verdicts[index] ?? ('clean' as const),
  }));
  return { raw: raw!, attachments };
}

const refOf = (attachment: MailAttachment, blob: StoredBlob): EmailAttachment => ({
  id: randomUUID(),
  name: attachment.fileName,
  size: blob.size,
  contentType: safeContentType(attachment.contentType),
  inline: attachment.disposition === 'inline',
  contentId: attachment.contentId ?? null,
});

/** The sender's declared type when it is one (`type/subtype`), else a neutral one. */
function safeContentType(declared: string): string {
  const type = declared.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) && type.length <= 100
    ? type
    : 'application/octet-stream';
}

/** What `storeMail` writes: a screened mail, its blobs written, its address found. */
interface MailToStore {
  screened: ScreenedMail;
  files: { raw: StoredBlob; attachments: StoredFile[] };
  messageId: string;
  origin: MailOrigin;
  address: EmailAddressRow;
}

type StoreOutcome = { result: SinkOutcome; filesUsed: boolean; routing: boolean };

/** One group commit of received mail per set of use-case dependencies (one per node). */
const mailBatches = new WeakMap<Deps, GroupCommit<MailToStore, StoreOutcome>>();

/**
 * Received mail is group-committed (see GroupCommit): mails that arrive while a transaction is in
 * flight are stored together by the next one, each acknowledged after that commit; a mail that
 * fails to store fails alone. Mails from one sender are never in two batches in flight at once
 * (their threading reads and locks the same customer's contacts).
 */
function batchesOf(deps: Deps): GroupCommit<MailToStore, StoreOutcome> {
  let batches = mailBatches.get(deps);
  if (!batches) {
    batches = new GroupCommit(deps, (tx, outbox, mail) => storeMail(deps, tx, outbox, mail), {
      maxBatch: 64,
      maxInFlight: 2,
      keyOf: senderKeyOf,
      writeBatch: (tx, outbox, mails) => storeMails(deps, tx, outbox, mails),
    });
    mailBatches.set(deps, batches);
  }
  return batches;
}

const senderKeyOf = ({ screened }: MailToStore) =>
  (screened.mail.from ?? screened.mail.replyTo[0])?.address.toLowerCase() ?? '';

/**
 * A batch of received mail in few statements. Each mail that opens a contact (a new case, or a
 * reply to an ended contact: most mail) is stored together with the others of its kind: one
 * threading lookup, then three statements for all of them. The rest — IMAP's (their UID is
 * claimed), auto-replies, delivery reports, mail to an open contact, and a sender's or a
 * Message-ID's later mails in the batch, which must see the first — are written after them one
 * by one, in arrival order, by `storeMail`. Same rows, events and pushes as `storeMail` writes.
 */
async function storeMails(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  mails: readonly MailToStore[],
): Promise<StoreOutcome[]> {
  const outcomes = new Map<MailToStore, StoreOutcome>();
  const senders = new Set<string>();
  const messageIds = new Set<string>();
  const candidates = mails.filter((mail) => {
    const first = !senders.has(senderKeyOf(mail)) && !messageIds.has(mail.messageId);
    senders.add(senderKeyOf(mail));
    messageIds.add(mail.messageId);
    const { kind, from, replyTo } = mail.screened.mail;
    const sender = from ?? replyTo[0];
    return first && mail.origin.kind === 'smtp' && kind === 'personal' && sender !== undefined;
  });
  const keys = candidates.map((mail) => threadKeys(mail.screened.mail));
  const { byId, byToken } = await findThreadMatches(
    tx,
    [...new Set(keys.flatMap((key) => key.messageIds.map((id) => id.id)))],
    [...new Set(keys.flatMap((key) => key.tokens))],
  );
  const opening = candidates.flatMap((mail, index) => {
    const sender = (mail.screened.mail.from ?? mail.screened.mail.replyTo[0])!;
    const decision = resolveThread(keys[index]!, customerKeyOf(sender.address), byId, byToken);
    if (decision.kind === 'append') return [];
    const previous = decision.kind === 'follow-up' ? decision.previousInteractionId : null;
    return [{ mail, sender, previous, emailId: randomUUID(), interactionId: randomUUID() }];
  });
  const now = deps.clock();
  const stored = await insertInboundEmails(
    tx,
    opening.map(({ mail, sender, emailId }) => ({
      id: emailId,
      ...inboundRowOf(mail, sender, now),
    })),
  );
  const fresh = opening.filter(({ mail, emailId }) => {
    if (stored.has(emailId)) return true;
    outcomes.set(mail, { result: { status: 'duplicate' }, filesUsed: false, routing: false });
    return false;
  });
  const customers = await customersByEmail(
    tx,
    fresh.map(({ sender }) => ({
      email: sender.address,
      name: sender.name.trim() || sender.address.split('@')[0]!,
    })),
  );
  const contacts = fresh.map(({ mail, sender, previous, emailId, interactionId }) => {
    const received = receivedEvent(
      {
        emailId,
        summary: summaryOf(emailId, sender, mail.screened.mail),
        attachments: mail.files.attachments.map((file) => file.ref),
        dropped: mail.screened.dropped,
      },
      'personal',
      previous ?? undefined,
    );
    const queued: NewInteractionEvent = {
      type: 'queued',
      // An address's queue is an email queue (the admin cannot give it another).
      queue: { id: mail.address.queueId, name: mail.address.queueName, channel: 'email' },
    };
    return {
      interactionId,
      emailId,
      customerId: customers.get(sender.address.toLowerCase())!,
      queueId: mail.address.queueId,
      emailAddressId: mail.address.id,
      replyToken: newReplyToken(),
      previousInteractionId: previous,
      enqueuedAt: now,
      events: [received, queued],
      files: mail.files.attachments.map(({ ref, blob, verdict }) => ({
        id: ref.id,
        originalName: ref.name,
        contentType: ref.contentType,
        size: blob.size,
        sha256: blob.sha256,
        blobKey: blob.key,
        verdict,
        inline: ref.inline,
        contentId: ref.contentId,
      })),
    };
  });
  const events = await openEmailContacts(tx, contacts);
  for (const [index, { mail, interactionId }] of fresh.entries()) {
    // A contact just opened has no agent in it yet: nobody to look up for the fan-out.
    for (const event of events[index]!) await fanOut(tx, outbox, event, []);
    if (mail.screened.findings) {
      await auditRedaction(deps, tx, interactionId, mail.screened.findings);
    }
    outcomes.set(mail, { result: { status: 'stored' }, filesUsed: true, routing: true });
  }
  const results: StoreOutcome[] = [];
  for (const mail of mails)
    results.push(outcomes.get(mail) ?? (await storeMail(deps, tx, outbox, mail)));
  return results;
}

/** A received mail's row, its contact not known yet (the batch's and `storeMail`'s alike). */
function inboundRowOf(
  { screened, files, messageId }: MailToStore,
  sender: MailAddress | undefined,
  now: Date,
): Omit<NewInboundEmail, 'id'> {
  const mail = screened.mail;
  return {
    kind: mail.kind,
    messageId,
    inReplyTo: mail.inReplyTo.map(normaliseMessageId),
    references: mail.references.map(normaliseMessageId),
    from: sender ? mailbox(sender) : null,
    to: mail.to.map(mailbox),
    cc: mail.cc.map(mailbox),
    replyTo: mail.replyTo.map(mailbox),
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
    size: mail.size,
    receivedAt: now,
    rawBlobKey: files.raw.key,
    droppedAttachments: screened.dropped,
    createdAt: now,
  };
}

/** The transaction of `ingestMail`: the mail row, its contact and events, its files' rows. */
async function storeMail(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  input: MailToStore,
): Promise<StoreOutcome> {
  const { screened, files, messageId, origin } = input;
  const mail = screened.mail;
  const sender = mail.from ?? mail.replyTo[0];
  const notStored = (result: SinkOutcome) => ({ result, filesUsed: false, routing: false });
  const now = deps.clock();
  if (origin.kind === 'imap' && !(await claimImapMessage(tx, imapKey(origin), now))) {
    return notStored({ status: 'duplicate' });
  }
  const dropped: DroppedMailAttachment[] = screened.dropped;
  const stored = await insertEmailMessage(tx, {
    ...inboundRowOf(input, sender, now),
    interactionId: null,
    direction: 'in',
    status: null,
    authorId: null,
    clientMessageId: null,
    reportsOnId: null,
  });
  if (!stored) return notStored({ status: 'duplicate' });
  if (origin.kind === 'imap') await linkImapMessage(tx, imapKey(origin), stored.id);
  const summary = summaryOf(stored.id, sender, mail);
  const received = {
    emailId: stored.id,
    summary,
    attachments: files.attachments.map((file) => file.ref),
    dropped,
  };
  /** Ties the mail's files to the contact it joined (and the event it came with, if any). */
  const done = async (interactionId: string | undefined, eventSeq: number | null) => {
    if (screened.findings) await auditRedaction(deps, tx, interactionId, screened.findings);
    if (interactionId === undefined)
      return { result: { status: 'stored' as const }, filesUsed: false };
    for (const file of files.attachments) {
      await insertAttachment(tx, {
        id: file.ref.id,
        interactionId,
        eventSeq,
        sender: 'customer',
        senderUserId: null,
        originalName: file.ref.name,
        contentType: file.ref.contentType,
        size: file.blob.size,
        sha256: file.blob.sha256,
        blobKey: file.blob.key,
        verdict: file.verdict,
        emailMessageId: stored.id,
        inline: file.ref.inline,
        contentId: file.ref.contentId,
      });
    }
    return { result: { status: 'stored' as const }, filesUsed: true };
  };

  if (mail.kind === 'delivery-report') {
    const interactionId = await recordBounce(deps, tx, outbox, stored.id, mail, messageId);
    return { ...(await done(interactionId, null)), routing: false };
  }
  const decision = await threadOf(tx, mail, sender);
  if (decision.kind === 'append') {
    const seq = await appendToOpenContact(tx, outbox, decision.interactionId, {
      ...received,
      kind: mail.kind,
      now,
    });
    if (seq !== undefined) return { ...(await done(decision.interactionId, seq)), routing: false };
  }
  // Auto-replies never open a contact: kept, tied to nothing, so a repeat is still a duplicate.
  if (mail.kind === 'auto-reply') return { ...(await done(undefined, null)), routing: false };
  const previous =
    decision.kind === 'follow-up'
      ? decision.previousInteractionId
      : decision.kind === 'append'
        ? decision.interactionId // it ended while we looked
        : undefined;
  const opened = await openContact(tx, outbox, {
    ...received,
    address: input.address,
    sender: sender!,
    previous,
    now,
  });
  return { ...(await done(opened.interactionId, opened.seq)), routing: true };
}

/**
 * How long a node keeps the email channel's attachment and PCI policies it read before reading
 * them again: an admin's change made on this node applies to the next mail at once (the cache is
 * dropped after the change commits), one made on another node within this time.
 */
export const EMAIL_POLICY_FRESH_MS = 5_000;

/** What decides which of a mail's files are kept: the channel's attachment and PCI policies. */
interface EmailPolicies {
  attachments: AttachmentPolicy;
  pci: PciPolicy;
}
const policies = new WeakMap<Db, { policies: EmailPolicies; readAt: number }>();

/** The email channel's policies, read at most once per `EMAIL_POLICY_FRESH_MS`. */
async function emailPolicies(deps: Deps): Promise<EmailPolicies> {
  const now = deps.clock().getTime();
  const cached = policies.get(deps.db);
  if (cached && now - cached.readAt >= 0 && now - cached.readAt < EMAIL_POLICY_FRESH_MS) {
    return cached.policies;
  }
  const read = {
    attachments: await loadAttachmentPolicy(deps.db, 'email'),
    pci: await loadPciPolicy(deps.db, 'email'),
  };
  policies.set(deps.db, { policies: read, readAt: now });
  return read;
}

/** Call after an admin's change of the email attachment or PCI policy committed. */
export function forgetEmailAttachmentPolicy(db: Db): void {
  policies.delete(db);
}

/**
 * Mails this large go to a mail worker thread; smaller ones (most mail: a few ms of CPU) are
 * screened on the main thread, so they never queue behind a large one in a worker.
 */
const OFF_THREAD_BYTES = 128 * 1024;

/**
 * The MailSink every source (the SMTP receiver, IMAP mailboxes, and through the receiver the
 * demo page) hands received mail to: parses and screens it (a large one in a mail worker thread
 * when the node has them, `deps.mailWorkers`; its bytes move there) and ingests it. A mail that cannot
 * be parsed is refused (554) rather than retried forever; a failure of the store, or a worker
 * thread that crashed or ran out of time on it, rejects, so the source makes the sender retry.
 */
export function mailSink(deps: Deps): MailSink {
  return async ({ origin, raw }) => {
    const envelopeFrom = origin.kind === 'smtp' ? origin.envelopeFrom : undefined;
    if (!deps.mailWorkers || raw.byteLength < OFF_THREAD_BYTES) {
      let parsed: ParsedMail;
      try {
        parsed = await parseMail(raw, { envelopeFrom });
      } catch (error) {
        deps.log.warn({ err: error }, 'a received mail could not be parsed');
        return unreadable;
      }
      return ingestMail(deps, parsed, origin, raw);
    }
    const [sizeRule, pci] = screeningOf(await emailPolicies(deps));
    const received = await deps.mailWorkers.receive(raw, { envelopeFrom, sizeRule, pci });
    if (received.status === 'unreadable') {
      deps.log.warn('a received mail could not be parsed');
      return unreadable;
    }
    // Screened before the checks `ingestMail` makes first: its id is already masked.
    const { screened } = received;
    const messageId = screened.mail.messageId || madeUpMessageId(received.raw, screened.mail);
    const admitted = await admit(deps, screened.mail, origin);
    if ('status' in admitted) return admitted;
    return storeScreened(deps, screened, { messageId, origin, address: admitted.address });
  };
}

const unreadable: SinkOutcome = {
  status: 'refused',
  code: 554,
  message: '5.6.0 The message could not be read',
};

/** The configured address the mail came to: the IMAP mailbox's, else the first recipient we know. */
async function addressOf(
  deps: Deps,
  parsed: ParsedMail,
  origin: MailOrigin,
): Promise<EmailAddressRow | undefined> {
  if (origin.kind === 'imap') return configuredAddressById(deps, origin.mailboxId);
  return configuredAddress(deps, [
    ...origin.recipients,
    ...parsed.to.map((a) => a.address),
    ...parsed.cc.map((a) => a.address),
  ]);
}

async function threadOf(
  tx: Tx,
  parsed: ParsedMail,
  sender: MailAddress | undefined,
): Promise<ThreadDecision> {
  if (!sender) return { kind: 'new' };
  const keys = threadKeys(parsed);
  const { byId, byToken } = await findThreadMatches(
    tx,
    keys.messageIds.map((key) => key.id),
    keys.tokens,
  );
  return resolveThread(keys, customerKeyOf(sender.address), byId, byToken);
}

/** What `email.received` tells of a mail: its summary, kept files and what was dropped. */
interface ReceivedMailEvent {
  emailId: string;
  summary: EmailSummary;
  attachments: EmailAttachment[];
  dropped: DroppedMailAttachment[];
}

function receivedEvent(
  mail: ReceivedMailEvent,
  kind: 'personal' | 'auto-reply',
  followUpOf: string | undefined,
): NewInteractionEvent {
  return {
    type: 'email.received',
    email: mail.summary,
    kind,
    ...(followUpOf !== undefined && { followUpOf }),
    ...(mail.attachments.length > 0 && { attachments: mail.attachments }),
    ...(mail.dropped.length > 0 && { dropped: mail.dropped }),
  };
}

/**
 * Appends the mail to a contact that is still open: the seq of its `email.received` event;
 * undefined when the contact has ended meanwhile.
 */
async function appendToOpenContact(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  mail: ReceivedMailEvent & { kind: 'personal' | 'auto-reply'; now: Date },
): Promise<number | undefined> {
  const interaction = await findInteraction(tx, interactionId, { lock: true });
  if (!interaction || interaction.status === 'ended') return undefined;
  await tx
    .updateTable('emailMessages')
    .set({ interactionId })
    .where('id', '=', mail.emailId)
    .execute();
  const event = receivedEvent(mail, mail.kind, undefined);
  const appended = await appendAndFanOut(tx, outbox, interactionId, event, mail.now);
  // The agents holding it see it moved (their list re-sorts, the desktop can sound).
  await pushInteractionToAgents(tx, outbox, interactionId);
  return appended.seq;
}

/**
 * A new email contact, queued on the address's queue; `previous`: the ended one it follows up.
 * Returns it and the seq of its `email.received` event.
 */
async function openContact(
  tx: Tx,
  outbox: Outbox,
  input: ReceivedMailEvent & {
    address: EmailAddressRow;
    sender: MailAddress;
    previous: string | undefined;
    now: Date;
  },
): Promise<{ interactionId: string; seq: number }> {
  const known = await findCustomerByEmail(tx, input.sender.address);
  const customer =
    known ??
    (await insertCustomer(tx, {
      name: input.sender.name.trim() || input.sender.address.split('@')[0]!,
      email: input.sender.address.toLowerCase(),
    }));
  const { id } = await insertInteraction(tx, {
    channel: 'email',
    customerId: customer.id,
    queueId: input.address.queueId,
    entryPointId: null,
    customerTokenHash: null,
    // R-AV-3: an email's offer counts from when it was received.
    enqueuedAt: input.now,
    emailAddressId: input.address.id,
    emailReplyToken: newReplyToken(),
    previousInteractionId: input.previous ?? null,
  });
  await tx
    .updateTable('emailMessages')
    .set({ interactionId: id })
    .where('id', '=', input.emailId)
    .execute();
  // A contact just opened has no agent in it yet: nobody to look up for the fan-out.
  const received = await appendAndFanOut(
    tx,
    outbox,
    id,
    receivedEvent(input, 'personal', input.previous),
    input.now,
    [],
  );
  const interaction = (await findInteraction(tx, id))!;
  await appendAndFanOut(
    tx,
    outbox,
    id,
    { type: 'queued', queue: queueRefOf(interaction) },
    input.now,
    [],
  );
  return { interactionId: id, seq: received.seq };
}

/**
 * A delivery report: the reply it reports on (by the report's own reference, else the ids the
 * report's headers name) is marked failed and its author told; the report stays with it.
 * Returns that reply's contact (undefined: the report names no reply of ours).
 */
async function recordBounce(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  reportId: string,
  parsed: ParsedMail,
  ownId: string,
): Promise<string | undefined> {
  const candidates = [
    ...(parsed.reportsOn ? [parsed.reportsOn] : []),
    ...parsed.inReplyTo,
    ...[...parsed.references].reverse(),
  ]
    .map(normaliseMessageId)
    .filter((id) => id !== '' && id !== ownId);
  for (const candidate of candidates) {
    const original = await findOutboundEmail(tx, candidate);
    if (!original?.interactionId) continue;
    // Interaction first (the lock order), then what hangs off it.
    await findInteraction(tx, original.interactionId, { lock: true });
    await tx
      .updateTable('emailMessages')
      .set({ interactionId: original.interactionId, reportsOnId: original.id })
      .where('id', '=', reportId)
      .execute();
    if (original.status === 'failed') return original.interactionId;
    const response = firstLine(parsed.subject) || 'delivery report';
    await finishOutboundMail(tx, original.id, {
      status: 'failed',
      failure: `bounced: ${response}`,
    });
    await tellOutcome(
      tx,
      outbox,
      original.interactionId,
      original.authorId,
      {
        type: 'email.failed',
        emailId: original.id,
        reason: 'bounced',
        response,
      },
      deps.clock(),
    );
    return original.interactionId;
  }
  return undefined;
}

/**
 * Appends a delivery outcome of a reply to its contact and tells the agents in it, and the
 * reply's author even when they have left it (their desktop still shows the reply).
 */
export async function tellOutcome(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  authorId: string | null,
  event: NewInteractionEvent,
  at: Date,
): Promise<InteractionEvent> {
  const presented = await appendAndFanOut(tx, outbox, interactionId, event, at);
  const alreadyTold = outbox.pushes.some(
    (push) =>
      push.to === 'agent' &&
      push.userId === authorId &&
      push.event === 'interaction:event' &&
      push.payload === presented,
  );
  if (authorId && !alreadyTold) {
    outbox.add({ to: 'agent', userId: authorId, event: 'interaction:event', payload: presented });
  }
  return presented;
}

async function auditRedaction(
  deps: Deps,
  tx: Tx,
  interactionId: string | undefined,
  findings: Record<string, number>,
) {
  await recordAudit(tx, {
    at: deps.clock(),
    action: 'pci.redacted',
    actorKind: 'customer',
    actorId: null,
    interactionId: interactionId ?? null,
    detail: { channel: 'email', field: 'email.inbound', findings },
  });
}

function summaryOf(id: string, sender: MailAddress | undefined, mail: ParsedMail): EmailSummary {
  const max = limits.emailEventTextMaxLength;
  const truncated = countCharacters(mail.text) > max;
  return {
    id,
    from: sender ? mailbox(sender) : null,
    to: mail.to.map(mailbox),
    cc: mail.cc.map(mailbox),
    subject: mail.subject,
    text: truncated ? [...mail.text].slice(0, max).join('') : mail.text,
    textTruncated: truncated,
  };
}

const mailbox = (address: MailAddress) => ({
  address: address.address.toLowerCase(),
  name: address.name,
});

const imapKey = (origin: Extract<MailOrigin, { kind: 'imap' }>) => ({
  emailAddressId: origin.mailboxId,
  folder: origin.folder,
  uidValidity: origin.uidValidity,
  uid: origin.uid,
});

const firstLine = (text: string) => text.split(/\r?\n/, 1)[0]!.trim().slice(0, 500);

/**
 * A Message-ID for a mail that has none: the same bytes give the same id, so a retry of such a
 * mail is still a duplicate (FreeScout does the same).
 */
export function madeUpMessageId(raw: Uint8Array | undefined, parsed: ParsedMail): string {
  const hash = createHash('sha256');
  if (raw) hash.update(raw);
  else {
    hash.update(
      JSON.stringify([
        parsed.from,
        parsed.to,
        parsed.cc,
        parsed.subject,
        parsed.date?.toISOString() ?? null,
        parsed.text,
        parsed.html ?? null,
        parsed.size,
      ]),
    );
  }
  return `${hash.digest('hex').slice(0, 40)}@no-message-id.sangdam.invalid`;
}

/** A contact's reply token: 16 lower-case letters and digits (80 bits). */
export function newReplyToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(16)].map((byte) => alphabet[byte % 32]).join('');
}
