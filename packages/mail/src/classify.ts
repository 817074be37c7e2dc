/**
 * Tells auto-replies and delivery reports from mail a person wrote (RFC 3834, RFC 3464 and the
 * habits of Exchange, Gmail and list servers), so that neither ever opens a contact and an
 * auto-reply never answers an auto-reply.
 */
import type { MailKind } from './types.ts';

export interface ClassifyInput {
  /** Top-level headers, keys lower-cased, values unfolded. */
  headers: readonly { key: string; value: string }[];
  /** MAIL FROM of the SMTP envelope (null for `<>`), when the mail came over SMTP. */
  envelopeFrom?: string | null | undefined;
  /** The From address, lower-cased. */
  from: string | undefined;
  /** The top-level Content-Type value. */
  contentType: string | undefined;
  /** The parts of a delivery report that may name the original message. */
  parts: readonly { mimeType: string; content: Uint8Array }[];
}

export interface Classification {
  kind: MailKind;
  reportsOn: string | undefined;
}

const REPORT_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

function header(input: ClassifyInput, key: string): string[] {
  return input.headers.filter((h) => h.key === key).map((h) => h.value.trim());
}

function isDeliveryReport(input: ClassifyInput): boolean {
  const type = (input.contentType ?? '').toLowerCase();
  if (
    /^multipart\/report\b/.test(type) &&
    /report-type\s*=\s*"?(delivery-status|disposition-notification)/.test(type)
  ) {
    return true;
  }
  if (input.envelopeFrom === null) return true;
  if (header(input, 'return-path').some((value) => /^<\s*>$/.test(value))) return true;
  if (input.from !== undefined && REPORT_SENDERS.test(input.from)) return true;
  return false;
}

function isAutoReply(input: ClassifyInput): boolean {
  if (header(input, 'auto-submitted').some((value) => !/^no\b/i.test(value))) return true;
  if (header(input, 'x-autoreply').length > 0 || header(input, 'x-autorespond').length > 0)
    return true;
  if (header(input, 'x-autoreply-from').length > 0 || header(input, 'x-mail-autoreply').length > 0)
    return true;
  if (header(input, 'precedence').some((value) => /^(bulk|junk|list|auto_reply)\b/i.test(value)))
    return true;
  if (header(input, 'x-loop').length > 0) return true;
  if (
    header(input, 'x-auto-response-suppress').some((value) =>
      /\b(all|oof|autoreply)\b/i.test(value),
    )
  ) {
    return true;
  }
  return false;
}

/** The Message-ID named in a report's returned message or headers part, without brackets. */
function originalMessageId(input: ClassifyInput): string | undefined {
  const ordered = [...input.parts].sort(
    (a, b) => Number(b.mimeType.includes('rfc822')) - Number(a.mimeType.includes('rfc822')),
  );
  for (const part of ordered) {
    if (!/^(message\/rfc822|text\/rfc822-headers|message\/global(-headers)?)$/.test(part.mimeType))
      continue;
    const text = Buffer.from(part.content).toString('latin1');
    const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
    const match = /^message-id:\s*(?:\r?\n[ \t]+)?<([^>\s]+)>/im.exec(head);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

/** Classifies a received mail; a delivery report also names the message it reports on. */
export function classifyMail(input: ClassifyInput): Classification {
  if (isDeliveryReport(input))
    return { kind: 'delivery-report', reportsOn: originalMessageId(input) };
  if (isAutoReply(input)) return { kind: 'auto-reply', reportsOn: undefined };
  return { kind: 'personal', reportsOn: undefined };
}
