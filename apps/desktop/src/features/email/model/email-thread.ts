import type { EmailAttachment, EmailMessage, InteractionEvent, Mailbox } from '@sangdam/contracts';

export type DeliveryStatus = 'queued' | 'sent' | 'failed';
export type FailureReason = 'refused' | 'gave-up' | 'bounced';

/** One mail of the contact as the email area shows it. */
export interface ThreadMail {
  id: string;
  direction: 'in' | 'out';
  autoReply: boolean;
  from: Mailbox | null;
  to: readonly Mailbox[];
  cc: readonly Mailbox[];
  subject: string;
  text: string;
  /** Sanitised HTML; null for a plain-text mail, or while only the event's summary is known. */
  html: string | null;
  /** Received (in) or written (out). */
  at: string | null;
  /** The agent who wrote an outbound mail. */
  authorName: string | null;
  /** Outbound only: where the reply is in the mail outbox. */
  status: DeliveryStatus | null;
  failureReason: FailureReason | null;
  /** The mail's kept files, inline (`cid:`) images included; empty while only the event is known. */
  attachments: readonly EmailAttachment[];
  /** A received mail whose redacted original can be shown ("View original"). */
  hasRaw: boolean;
}

type MailEvent = Extract<InteractionEvent, { type: 'email.received' | 'email.queued' }>;

function isMailEvent(event: InteractionEvent): event is MailEvent {
  return event.type === 'email.received' || event.type === 'email.queued';
}

function fromEvent(event: MailEvent): ThreadMail {
  const { email } = event;
  const inbound = event.type === 'email.received';
  return {
    id: email.id,
    direction: inbound ? 'in' : 'out',
    autoReply: inbound && event.kind === 'auto-reply',
    from: email.from,
    to: email.to,
    cc: email.cc,
    subject: email.subject,
    text: email.text,
    html: null,
    at: event.at,
    authorName: inbound ? null : event.author.name,
    status: inbound ? null : 'queued',
    failureReason: null,
    attachments: [],
    hasRaw: false,
  };
}

function fromStored(mail: EmailMessage, event: MailEvent | undefined): ThreadMail {
  return {
    id: mail.id,
    direction: mail.direction,
    autoReply: mail.kind === 'auto-reply',
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    at: mail.receivedAt ?? event?.at ?? mail.sentAt,
    authorName: event?.type === 'email.queued' ? event.author.name : mail.authorName,
    status: mail.status,
    failureReason: null,
    attachments: mail.attachments,
    hasRaw: mail.hasRaw,
  };
}

/**
 * The contact's mails, oldest first: the whole stored mails as far as they are fetched, then
 * those only the live events know of yet (their summary). A reply's delivery follows its latest
 * `email.sent` / `email.failed` / `email.retried` (queued again) event. Delivery reports are not shown as mails: the reply they
 * concern shows as bounced.
 */
export function buildEmailThread(
  stored: readonly EmailMessage[] | undefined,
  events: readonly InteractionEvent[],
): ThreadMail[] {
  const mailEvents = new Map<string, MailEvent>();
  for (const event of events) if (isMailEvent(event)) mailEvents.set(event.email.id, event);
  const thread = (stored ?? [])
    .filter((mail) => mail.kind !== 'delivery-report')
    .map((mail) => fromStored(mail, mailEvents.get(mail.id)));
  const known = new Set(thread.map((mail) => mail.id));
  for (const event of mailEvents.values()) {
    if (!known.has(event.email.id)) thread.push(fromEvent(event));
  }
  const outcomes = new Map<string, { status: DeliveryStatus; reason: FailureReason | null }>();
  for (const event of events) {
    if (event.type === 'email.sent') outcomes.set(event.emailId, { status: 'sent', reason: null });
    if (event.type === 'email.retried') {
      outcomes.set(event.emailId, { status: 'queued', reason: null });
    }
    if (event.type === 'email.failed') {
      outcomes.set(event.emailId, { status: 'failed', reason: event.reason });
    }
  }
  return thread.map((mail) => {
    const outcome = outcomes.get(mail.id);
    return outcome && mail.direction === 'out'
      ? { ...mail, status: outcome.status, failureReason: outcome.reason }
      : mail;
  });
}

/** The newest mail from the customer (not an auto-reply), or null. */
export function newestInboundId(thread: readonly ThreadMail[]): string | null {
  for (let index = thread.length - 1; index >= 0; index -= 1) {
    const mail = thread[index]!;
    if (mail.direction === 'in' && !mail.autoReply) return mail.id;
  }
  return null;
}

/** What the email area shows of the thread, given the customer mail the agent has taken in. */
export interface ThreadView {
  /** Behind the ellipsis control (R-EM-7). */
  earlier: ThreadMail[];
  /** Shown open: the mail the agent read and everything after it. */
  current: ThreadMail[];
  /** Customer mails that arrived after the one the agent read: highlighted, with a banner. */
  newer: ReadonlySet<string>;
}

export function threadView(
  thread: readonly ThreadMail[],
  acknowledgedId: string | null,
): ThreadView {
  const acknowledged =
    acknowledgedId === null ? -1 : thread.findIndex((m) => m.id === acknowledgedId);
  const start = acknowledged >= 0 ? acknowledged : Math.max(0, thread.length - 1);
  const newer = new Set<string>();
  if (acknowledged >= 0) {
    for (const mail of thread.slice(acknowledged + 1)) {
      if (mail.direction === 'in' && !mail.autoReply) newer.add(mail.id);
    }
  }
  return { earlier: thread.slice(0, start), current: thread.slice(start), newer };
}

/** The seq of the newest event that changes the contact's mails: a new one means fetch again. */
export function lastMailChange(events: readonly InteractionEvent[]): number {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index]!;
    if (event.type.startsWith('email.')) return event.seq;
  }
  return 0;
}
