import PostalMime, { type Address, type Attachment, type Email } from 'postal-mime';
import { classifyMail } from './classify.ts';
import { repairHeaderBlock } from './header-charsets.ts';
import { sanitizeMailHtml, textOfHtml } from './sanitize.ts';
import type { MailAddress, MailAttachment, ParsedMail } from './types.ts';

export interface ParseOptions {
  /** MAIL FROM of the SMTP envelope (null for the null reverse-path `<>`), when known. */
  envelopeFrom?: string | null | undefined;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'text/rfc822-headers': 'txt',
  'message/delivery-status': 'txt',
};

function mailboxes(list: readonly Address[] | Address | undefined): MailAddress[] {
  const all: readonly Address[] = list === undefined ? [] : 'name' in list ? [list] : list;
  return all
    .flatMap((entry) => (entry.group === undefined ? [entry] : entry.group))
    .filter((box) => box.address.trim() !== '')
    .map((box) => ({ address: box.address.trim().toLowerCase(), name: box.name.trim() }));
}

/** Message ids of a header value (`<a@b> <c@d>`), without brackets. */
export function messageIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!);
  return bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter((id) => id.includes('@'));
}

function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function fileNameOf(attachment: Attachment, index: number): string {
  const base = (attachment.filename ?? '').split(/[/\\]/).pop()?.trim() ?? '';
  if (base !== '' && base !== '.' && base !== '..') return base;
  const extension = EXTENSIONS[attachment.mimeType.toLowerCase()] ?? 'bin';
  return `attachment-${index + 1}.${extension}`;
}

function attachmentsOf(email: Email, html: string | undefined): MailAttachment[] {
  return email.attachments.map((attachment, index) => {
    const contentId = attachment.contentId?.replace(/^<|>$/g, '').trim() || undefined;
    const referenced =
      contentId !== undefined && html !== undefined && html.includes(`cid:${contentId}`);
    return {
      fileName: fileNameOf(attachment, index),
      contentType: attachment.mimeType.toLowerCase(),
      contentId,
      disposition: referenced ? 'inline' : 'attachment',
      content: bytesOf(attachment.content),
    };
  });
}

/**
 * Decodes a raw message: charsets (UTF-8, EUC-KR / ks_c_5601-1987, ISO-2022-JP, split RFC 2047
 * words, undeclared 8-bit headers), sanitised HTML, text derived from HTML when there is no text
 * part, attachments (inline `cid:` images marked), and its kind (personal, auto-reply, report).
 * Throws only for a message the parser cannot read at all (the caller refuses it).
 */
export async function parseMail(raw: Uint8Array, options: ParseOptions = {}): Promise<ParsedMail> {
  // A forwarded or returned message stays an attachment (.eml) rather than merging into the
  // body: the agent sees the customer's own words, and a report keeps the message it returns.
  const input = repairHeaderBlock(raw);
  // Given a view, postal-mime copies it; given the whole ArrayBuffer, it reads it in place.
  const whole = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength;
  const email = await PostalMime.parse(whole ? (input.buffer as ArrayBuffer) : input, {
    forceRfc822Attachments: true,
    attachmentEncoding: 'arraybuffer',
  });
  const html =
    email.html === undefined || email.html.trim() === '' ? undefined : sanitizeMailHtml(email.html);
  const text = email.text?.trim() ? email.text : html === undefined ? '' : textOfHtml(html);
  const attachments = attachmentsOf(email, html);
  const from = mailboxes(email.from)[0];
  const { kind, reportsOn } = classifyMail({
    headers: email.headers,
    envelopeFrom: options.envelopeFrom,
    from: from?.address,
    contentType: email.headers.find((h) => h.key === 'content-type')?.value,
    parts: attachments.map((a) => ({ mimeType: a.contentType, content: a.content })),
  });
  return {
    messageId: messageIds(email.messageId)[0],
    inReplyTo: messageIds(email.inReplyTo),
    references: messageIds(email.references),
    from,
    replyTo: mailboxes(email.replyTo),
    to: mailboxes(email.to),
    cc: mailboxes(email.cc),
    subject: (email.subject ?? '').trim(),
    date: dateOf(email.date),
    text,
    html,
    attachments,
    kind,
    reportsOn,
    size: raw.byteLength,
  };
}
