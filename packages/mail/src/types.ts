import type { Readable } from 'node:stream';

/**
 * The shapes shared by every part of the email channel. This package knows mail (MIME, SMTP,
 * IMAP) and nothing of HTTP or the database: sources hand a received message to a sink that the
 * server provides, transports send what the server's outbox gives them.
 */

/** One mailbox of a header (From, To, Cc, Reply-To). `address` is lower-cased. */
export interface MailAddress {
  address: string;
  /** Display name, decoded (RFC 2047) to readable text; '' when absent. */
  name: string;
}

/** A part of a message that is not its text or HTML body. */
export interface MailAttachment {
  /** Decoded file name, stripped of any path; never empty (a name is made up when absent). */
  fileName: string;
  /** Lower-cased MIME type as declared by the sender. */
  contentType: string;
  /** Content-ID without angle brackets, for `cid:` references from the HTML body. */
  contentId: string | undefined;
  /** 'inline' for images the HTML refers to by `cid:`, else 'attachment'. */
  disposition: 'attachment' | 'inline';
  content: Uint8Array;
}

/**
 * What kind of mail this is for routing. Only 'personal' mail may open or join a contact;
 * 'auto-reply' (Auto-Submitted, X-Autoreply, Precedence bulk/junk/list, X-Loop …) and
 * 'delivery-report' (multipart/report, null Return-Path, mailer-daemon) never create one.
 */
export type MailKind = 'personal' | 'auto-reply' | 'delivery-report';

/** A received message, decoded. Message ids are stored without angle brackets. */
export interface ParsedMail {
  /** The sender's Message-ID; undefined when the mail has none (the sink makes one up). */
  messageId: string | undefined;
  inReplyTo: string[];
  /** References, oldest first as in the header. */
  references: string[];
  from: MailAddress | undefined;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** Decoded subject; '' when absent. */
  subject: string;
  /** The Date header; undefined when missing or unreadable. */
  date: Date | undefined;
  /** Plain text body (derived from HTML when the mail has only HTML); '' when empty. */
  text: string;
  /** Sanitised HTML body (scripts, handlers, remote frames removed; tables and inline styles kept). */
  html: string | undefined;
  attachments: MailAttachment[];
  kind: MailKind;
  /** For a delivery report: the Message-ID of the message it reports on, when it says. */
  reportsOn: string | undefined;
  /** Size of the raw message in bytes, as received. */
  size: number;
}

/** Where a message came from; the sink uses it for idempotency. */
export type MailOrigin =
  | {
      kind: 'smtp';
      /** MAIL FROM; null for the null reverse-path `<>` of a bounce. */
      envelopeFrom: string | null;
      /** RCPT TO, lower-cased: only the organisation's configured addresses get this far. */
      recipients: string[];
      remoteAddress: string;
    }
  | {
      kind: 'imap';
      /** The configured mailbox's id (the server's), the folder, and the message's identity in it. */
      mailboxId: string;
      folder: string;
      uidValidity: bigint;
      uid: number;
    };

/** A message as a source received it, raw bytes not yet parsed. */
export interface ReceivedMail {
  origin: MailOrigin;
  /** The raw RFC 5322 message. Holds secrets until redacted: never log or store it as is. */
  raw: Uint8Array;
}

/** What the server did with a received message. */
export type SinkOutcome =
  | { status: 'stored' }
  /** Already stored earlier (same Message-ID or same IMAP UID): a source treats it as stored. */
  | { status: 'duplicate' }
  /** Deliberately not stored, with an SMTP reply code and text for the sender (e.g. 552, 554). */
  | { status: 'refused'; code: number; message: string };

/**
 * The server's side of every source: resolves only once the message is durably committed
 * (or refused). A source acknowledges the message (SMTP 250, IMAP \Seen) only after it resolves;
 * when it rejects, the source makes the sender retry (SMTP 451) or fetches it again later (IMAP).
 */
export type MailSink = (mail: ReceivedMail) => Promise<SinkOutcome>;

/** A running source of mail (the SMTP receiver, an IMAP mailbox). */
export interface MailSource {
  start(): Promise<void>;
  /** Stops accepting new work and waits for messages in flight to reach the sink. */
  stop(): Promise<void>;
}

/** A message the outbox hands to a transport. Message ids without angle brackets. */
export interface OutgoingMail {
  /** Fixed by the outbox before the first attempt, so a retry sends the same message. */
  messageId: string;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  replyTo: MailAddress | undefined;
  subject: string;
  text: string;
  html: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  attachments: OutgoingAttachment[];
}

/** A file of an outgoing mail: its bytes, or a stream of them (read once, per attempt). */
export interface OutgoingAttachment extends Omit<MailAttachment, 'content'> {
  content: Uint8Array | Readable;
}

/** What one attempt to send a message came to. */
export type SendOutcome =
  | { status: 'sent'; response: string; relayMessageId: string | undefined }
  /** 4xx or a network error: try again later. */
  | { status: 'retry'; response: string }
  /** 5xx: the relay refused it for good. */
  | { status: 'failed'; response: string };

/** Sends mail (an SMTP relay, the demo mailbox). Never throws for a refusal: it says so. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): Promise<void>;
}
