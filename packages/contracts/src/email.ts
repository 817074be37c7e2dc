import { z } from 'zod';
import { adminLimits, limits } from './limits.ts';
import {
  clientMessageIdSchema,
  droppedMailAttachmentSchema,
  emailAttachmentSchema,
  idSchema,
  interactionEventSchema,
  isoDateSchema,
  mailboxSchema,
  queueRefSchema,
} from './model.ts';
import { typedText } from './typed-text.ts';
import { attachmentRefSchema, droppedAttachmentSchema } from './attachments.ts';
import { ccListSchema, replyModeSchema } from './email-compose.ts';

/** The email channel's HTTP shapes (issue 11): agents' replies, a contact's mails, admin addresses. */

const emailAddressSchema = z
  .email({ error: 'must be an email address' })
  .toLowerCase()
  .max(limits.emailMaxLength, { error: `must be at most ${limits.emailMaxLength} characters` });

/**
 * An agent's reply to the customer's newest mail of the contact: a quick reply's plain `text`,
 * or a standard reply's `html` (the server sanitises it and adds the text/plain alternative).
 * To and Subject are the server's (R-EM-3): a body naming either is refused
 * (EMAIL_HEADERS_FIXED), so a client never believes it changed who gets the mail.
 */
export const emailReplyBodySchema = z.object({
  /** Chosen by the client; a retry with the same id answers the reply already stored. */
  clientMessageId: clientMessageIdSchema,
  mode: replyModeSchema.default('quick'),
  /** Quick reply; length is checked in code points (MESSAGE_TOO_LONG at `limits.emailReplyMaxLength`). */
  text: typedText().optional(),
  /** Reply / Reply all (MESSAGE_TOO_LONG at `limits.emailReplyHtmlMaxLength`). */
  html: typedText().optional(),
  /** Each checked by the server (EMAIL_CC_INVALID names the bad one). */
  cc: ccListSchema,
  /**
   * Files uploaded for this reply (`POST …/email-reply-files`), in order: at most 10 and
   * together under the email limit (ATTACHMENT_TOO_MANY, ATTACHMENT_TOO_LARGE), each the
   * sending agent's own upload for this contact (ATTACHMENT_NOT_FOUND).
   */
  attachmentIds: z.array(idSchema).max(100).optional(),
  /** The template the body started from (not on a quick reply: EMAIL_TEMPLATE_NOT_ALLOWED). */
  templateId: idSchema.optional(),
  /** Never accepted; listed so that a client sending them is told why (EMAIL_HEADERS_FIXED). */
  to: z.unknown().optional(),
  subject: z.unknown().optional(),
});
export type EmailReplyBody = z.infer<typeof emailReplyBodySchema>;

export const emailReplyResponseSchema = z.object({
  /** The stored reply; its delivery comes as `email.sent` or `email.failed` events. */
  emailId: idSchema,
  event: interactionEventSchema,
});
export type EmailReplyResponse = z.infer<typeof emailReplyResponseSchema>;

/** Answer of an upload for a reply: the kept files (ids for `attachmentIds`), what was dropped. */
export const replyFilesResponseSchema = z.object({
  files: z.array(attachmentRefSchema),
  dropped: z.array(droppedAttachmentSchema),
});
export type ReplyFilesResponse = z.infer<typeof replyFilesResponseSchema>;

/** One mail of a contact, whole. */
export const emailMessageSchema = z.object({
  id: idSchema,
  direction: z.enum(['in', 'out']),
  kind: z.enum(['personal', 'auto-reply', 'delivery-report']),
  messageId: z.string(),
  from: mailboxSchema.nullable(),
  to: z.array(mailboxSchema),
  cc: z.array(mailboxSchema),
  subject: z.string(),
  text: z.string(),
  /** Sanitised on ingest; show it in a sandboxed frame. */
  html: z.string().nullable(),
  receivedAt: isoDateSchema.nullable(),
  sentAt: isoDateSchema.nullable(),
  /** Outbound only. */
  status: z.enum(['queued', 'sent', 'failed']).nullable(),
  failure: z.string().nullable(),
  /** Inbound: the kept files, inline images included (outbound: none yet). */
  attachments: z.array(emailAttachmentSchema),
  /** Inbound: the files that were not kept, and why. */
  dropped: z.array(droppedMailAttachmentSchema),
  /**
   * Inbound: the message as received with card data masked can be read at
   * `GET /api/v1/interactions/:id/emails/:emailId/raw` ("View original").
   */
  hasRaw: z.boolean(),
  /** Outbound: the display name of the agent who wrote it (the From shows the address's name). */
  authorName: z.string().nullable(),
});
export type EmailMessage = z.infer<typeof emailMessageSchema>;
export const emailMessageListSchema = z.object({ emails: z.array(emailMessageSchema) });
export const emailRawParamsSchema = z.object({ id: idSchema, emailId: idSchema });

const imapText = (max: number) =>
  typedText()
    .trim()
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` });

/** An address's IMAP mailbox as admins write it; without `password`, an update keeps the stored one. */
export const imapMailboxBodySchema = z.object({
  host: imapText(253),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  user: imapText(adminLimits.nameMaxLength * 4),
  password: z.string().min(1).max(1000).optional(),
  folder: imapText(200).default('INBOX'),
});

export const emailAddressBodySchema = z.object({
  address: emailAddressSchema,
  /** The name our replies come from, e.g. “Example Support”. */
  displayName: typedText()
    .trim()
    .max(adminLimits.nameMaxLength, {
      error: `must be at most ${adminLimits.nameMaxLength} characters`,
    }),
  queueId: idSchema,
  imap: imapMailboxBodySchema.nullable(),
});
export type EmailAddressBody = z.infer<typeof emailAddressBodySchema>;

/**
 * What went wrong with an IMAP mailbox the last time: the UIs name each code in their own words;
 * the secret-key ones mean the server cannot open the stored password at all.
 */
export const imapProblemCodes = [
  'auth-failed',
  'unreachable',
  'timeout',
  'tls-failed',
  'folder-missing',
  'store-failed',
  'secret-key-missing',
  'secret-key-mismatch',
  'other',
] as const;
export type ImapProblemCode = (typeof imapProblemCodes)[number];

/** How an IMAP mailbox is doing: when it was last read to its end, and its latest problem. */
export const imapStatusSchema = z.object({
  lastSuccessAt: isoDateSchema.nullable(),
  lastProblem: z
    .object({
      at: isoDateSchema,
      code: z.enum(imapProblemCodes),
      /** The server's own words, for whoever fixes it (never the password). */
      detail: z.string(),
    })
    .nullable(),
});
export type ImapStatus = z.infer<typeof imapStatusSchema>;

/** An email address as admins read it: the IMAP password never leaves the server. */
export const adminEmailAddressSchema = z.object({
  id: idSchema,
  address: z.string(),
  displayName: z.string(),
  queue: queueRefSchema,
  imap: z
    .object({
      host: z.string(),
      port: z.number().int(),
      tls: z.boolean(),
      user: z.string(),
      folder: z.string(),
      status: imapStatusSchema,
    })
    .nullable(),
});
export type AdminEmailAddress = z.infer<typeof adminEmailAddressSchema>;
export const adminEmailAddressListSchema = z.object({
  emailAddresses: z.array(adminEmailAddressSchema),
});
