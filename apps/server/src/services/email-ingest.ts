import type { EmailSummary, NewInteractionEvent } from '@sangdam/contracts';
import { countCharacters, limits } from '@sangdam/contracts';
import {
  applySizeRule,
  baseAddress,
  customerKeyOf,
  DEFAULT_MAIL_SIZE_LIMIT,
  parseMail,
  redactMail,
  normaliseMessageId,
  resolveThread,
  threadKeys,
  type MailAddress,
  type MailOrigin,
  type MailSink,
  type ParsedMail,
  type SinkOutcome,
  type ThreadDecision,
} from '@sangdam/mail';
import { redactText, summarizeFindings } from '@sangdam/pci';
import {
  claimImapMessage,
  findCustomerByEmail,
  findEmailAddress,
  findEmailAddressesByAddress,
  findInteraction,
  findOutboundEmail,
  findThreadMatches,
  finishOutboundMail,
  insertCustomer,
  insertEmailMessage,
  insertInteraction,
  linkImapMessage,
  loadAttachmentPolicy,
  recordAudit,
  type EmailAddressRow,
  type Tx,
} from '@sangdam/store';
import { createHash, randomBytes } from 'node:crypto';
import { inTransaction, type Deps } from './deps.ts';
import { appendAndFanOut } from './fan-out.ts';
import { pushInteractionToAgents } from './lifecycle.ts';
import type { Outbox } from './outbox.ts';
import { queueRefOf } from './presenters.ts';

/**
 * The server's side of every mail source (R-EM-1): stores a received mail in one transaction and
 * answers only after commit, so a source acknowledges (SMTP 250, IMAP \Seen) only what is stored.
 *
 * - Idempotent: the same Message-ID (or, from IMAP, the same mailbox, UIDVALIDITY and UID) is
 *   stored once; a mail without Message-ID gets one made up from its bytes.
 * - Threading (`@sangdam/mail` threading): a mail to an open contact of the same customer is
 *   appended and its agents are told; to an ended one opens a new contact linked to it; else a
 *   new contact is queued on the address's queue and routed like a chat.
 * - Auto-replies never open a contact (appended to an open one, else kept aside); a delivery
 *   report marks the reply it reports on failed and tells its author.
 * - One customer across channels: the newest customer row with the sender's address is reused.
 */
export async function ingestMail(
  deps: Deps,
  parsed: ParsedMail,
  origin: MailOrigin,
  raw?: Uint8Array,
): Promise<SinkOutcome> {
  const mail = redactMailText(parsed);
  const messageId = parsed.messageId
    ? normaliseMessageId(parsed.messageId)
    : madeUpMessageId(raw, parsed);
  const sender = parsed.from ?? parsed.replyTo[0];
  const address = await addressOf(deps, parsed, origin);
  if (!address) {
    return { status: 'refused', code: 550, message: '5.1.1 No such mailbox here' };
  }
  if (!sender && parsed.kind === 'personal') {
    return { status: 'refused', code: 550, message: '5.1.7 The mail has no sender address' };
  }
  let routing = false;
  const outcome = await inTransaction(deps, async (tx, outbox): Promise<SinkOutcome> => {
    const now = deps.clock();
    if (origin.kind === 'imap' && !(await claimImapMessage(tx, imapKey(origin), now))) {
      return { status: 'duplicate' };
    }
    const stored = await insertEmailMessage(tx, {
      interactionId: null,
      direction: 'in',
      kind: parsed.kind,
      messageId,
      inReplyTo: parsed.inReplyTo.map(normaliseMessageId),
      references: parsed.references.map(normaliseMessageId),
      from: sender ? mailbox(sender) : null,
      to: parsed.to.map(mailbox),
      cc: parsed.cc.map(mailbox),
      replyTo: parsed.replyTo.map(mailbox),
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      size: parsed.size,
      receivedAt: now,
      status: null,
      authorId: null,
      clientMessageId: null,
      reportsOnId: null,
      createdAt: now,
    });
    if (!stored) return { status: 'duplicate' };
    if (origin.kind === 'imap') await linkImapMessage(tx, imapKey(origin), stored.id);
    if (mail.findings) await auditRedaction(deps, tx, mail.findings);
    const summary = summaryOf(stored.id, sender, parsed, mail);

    if (parsed.kind === 'delivery-report') {
      await recordBounce(deps, tx, outbox, stored.id, parsed, messageId);
      return { status: 'stored' };
    }
    const decision = await threadOf(tx, parsed, sender);
    if (decision.kind === 'append') {
      const appended = await appendToOpenContact(tx, outbox, decision.interactionId, {
        emailId: stored.id,
        summary,
        kind: parsed.kind,
        now,
      });
      if (appended) return { status: 'stored' };
    }
    // Auto-replies never open a contact: kept, tied to nothing, so a repeat is still a duplicate.
    if (parsed.kind === 'auto-reply') return { status: 'stored' };
    const previous =
      decision.kind === 'follow-up'
        ? decision.previousInteractionId
        : decision.kind === 'append'
          ? decision.interactionId // it ended while we looked
          : undefined;
    await openContact(tx, outbox, {
      address,
      sender: sender!,
      emailId: stored.id,
      summary,
      previous,
      now,
    });
    routing = true;
    return { status: 'stored' };
  });
  if (routing) deps.requestRouting();
  return outcome;
}

/**
 * The MailSink every source hands received mail to: parses it, applies the size rule and the
 * email channel's attachment policy (§7), redacts card data (R-PCI-4), then ingests it — the
 * order `packages/mail/README.md` gives. A mail that cannot be parsed is refused (554) rather
 * than retried forever; a failure of the store rejects, so the source makes the sender retry.
 */
export function mailSink(deps: Deps): MailSink {
  return async ({ origin, raw }) => {
    let parsed: ParsedMail;
    try {
      parsed = await parseMail(raw, {
        envelopeFrom: origin.kind === 'smtp' ? origin.envelopeFrom : undefined,
      });
    } catch (error) {
      deps.log.warn({ err: error }, 'a received mail could not be parsed');
      return { status: 'refused', code: 554, message: '5.6.0 The message could not be read' };
    }
    const policy = await loadAttachmentPolicy(deps.db, 'email');
    const sized = applySizeRule(parsed, {
      limitBytes: Math.min(policy.totalLimitBytes, DEFAULT_MAIL_SIZE_LIMIT),
      attachmentsAllowed: policy.enabled,
    });
    const redacted = await redactMail(sized.mail, raw);
    return ingestMail(deps, redacted.mail, origin, raw);
  };
}

/** The configured address the mail came to: the IMAP mailbox's, else the first recipient we know. */
async function addressOf(
  deps: Deps,
  parsed: ParsedMail,
  origin: MailOrigin,
): Promise<EmailAddressRow | undefined> {
  if (origin.kind === 'imap') return findEmailAddress(deps.db, origin.mailboxId);
  const candidates = [
    ...origin.recipients,
    ...parsed.to.map((a) => a.address),
    ...parsed.cc.map((a) => a.address),
  ].map(baseAddress);
  const [first] = await findEmailAddressesByAddress(deps.db, [...new Set(candidates)]);
  return first;
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

/** Appends the mail to a contact that is still open; false when it has ended meanwhile. */
async function appendToOpenContact(
  tx: Tx,
  outbox: Outbox,
  interactionId: string,
  mail: { emailId: string; summary: EmailSummary; kind: 'personal' | 'auto-reply'; now: Date },
): Promise<boolean> {
  const interaction = await findInteraction(tx, interactionId, { lock: true });
  if (!interaction || interaction.status === 'ended') return false;
  await tx
    .updateTable('emailMessages')
    .set({ interactionId })
    .where('id', '=', mail.emailId)
    .execute();
  const event: NewInteractionEvent = {
    type: 'email.received',
    email: mail.summary,
    kind: mail.kind,
  };
  await appendAndFanOut(tx, outbox, interactionId, event, mail.now);
  // The agents holding it see it moved (their list re-sorts, the desktop can sound).
  await pushInteractionToAgents(tx, outbox, interactionId);
  return true;
}

/** A new email contact, queued on the address's queue; `previous`: the ended one it follows up. */
async function openContact(
  tx: Tx,
  outbox: Outbox,
  input: {
    address: EmailAddressRow;
    sender: MailAddress;
    emailId: string;
    summary: EmailSummary;
    previous: string | undefined;
    now: Date;
  },
): Promise<void> {
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
  });
  await tx
    .updateTable('interactions')
    .set({
      emailAddressId: input.address.id,
      emailReplyToken: newReplyToken(),
      previousInteractionId: input.previous ?? null,
    })
    .where('id', '=', id)
    .execute();
  await tx
    .updateTable('emailMessages')
    .set({ interactionId: id })
    .where('id', '=', input.emailId)
    .execute();
  const received: NewInteractionEvent = {
    type: 'email.received',
    email: input.summary,
    kind: 'personal',
    ...(input.previous !== undefined && { followUpOf: input.previous }),
  };
  await appendAndFanOut(tx, outbox, id, received, input.now);
  const interaction = (await findInteraction(tx, id))!;
  await appendAndFanOut(
    tx,
    outbox,
    id,
    { type: 'queued', queue: queueRefOf(interaction) },
    input.now,
  );
}

/**
 * A delivery report: the reply it reports on (by the report's own reference, else the ids the
 * report's headers name) is marked failed and its author told; the report stays with it.
 */
async function recordBounce(
  deps: Deps,
  tx: Tx,
  outbox: Outbox,
  reportId: string,
  parsed: ParsedMail,
  ownId: string,
): Promise<void> {
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
    if (original.status === 'failed') return;
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
    return;
  }
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
): Promise<void> {
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
}

interface RedactedText {
  subject: string;
  text: string;
  html: string | undefined;
  findings: Record<string, number> | null;
}

/**
 * R-PCI-4, a second line: the mail parser redacts subject, text, HTML and attachments before the
 * sink; whatever card data still reaches it here is masked, never stored.
 */
function redactMailText(parsed: ParsedMail): RedactedText {
  const subject = redactText(parsed.subject);
  const text = redactText(parsed.text);
  const html = parsed.html === undefined ? undefined : redactText(parsed.html);
  const findings = [...subject.findings, ...text.findings, ...(html?.findings ?? [])];
  const counts = Object.fromEntries(
    Object.entries(summarizeFindings(findings)).filter(([, count]) => count > 0),
  );
  return {
    subject: subject.text,
    text: text.text,
    html: html?.text,
    findings: findings.length > 0 ? counts : null,
  };
}

async function auditRedaction(deps: Deps, tx: Tx, findings: Record<string, number>) {
  await recordAudit(tx, {
    at: deps.clock(),
    action: 'pci.redacted',
    actorKind: 'customer',
    actorId: null,
    interactionId: null,
    detail: { channel: 'email', field: 'email.inbound', findings },
  });
}

function summaryOf(
  id: string,
  sender: MailAddress | undefined,
  parsed: ParsedMail,
  mail: RedactedText,
): EmailSummary {
  const max = limits.emailEventTextMaxLength;
  const truncated = countCharacters(mail.text) > max;
  return {
    id,
    from: sender ? mailbox(sender) : null,
    to: parsed.to.map(mailbox),
    cc: parsed.cc.map(mailbox),
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
