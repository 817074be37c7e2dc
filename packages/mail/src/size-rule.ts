import type { MailAttachment, ParsedMail } from './types.ts';

/** The size limit of §7: 25 MB unless an admin set it lower. */
export const DEFAULT_MAIL_SIZE_LIMIT = 25 * 1024 * 1024;

export interface SizeRuleOptions {
  /** Largest mail kept whole, in bytes (the message as sent, attachments base64-encoded). */
  limitBytes?: number;
  /** false when the admin turned incoming attachments off: every one is dropped. */
  attachmentsAllowed: boolean;
}

export interface DroppedAttachment {
  fileName: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  reason: 'too-large' | 'attachments-off';
}

export interface SizeRuleResult {
  mail: ParsedMail;
  /** What was dropped, for the agent to be told; empty when the mail was kept whole. */
  dropped: DroppedAttachment[];
}

/** How many bytes an attachment takes in the message as sent (base64 plus line breaks). */
function encodedSize(attachment: MailAttachment): number {
  const base64 = Math.ceil(attachment.content.byteLength / 3) * 4;
  return base64 + Math.ceil(base64 / 76) * 2;
}

const drop = (
  attachment: MailAttachment,
  reason: DroppedAttachment['reason'],
): DroppedAttachment => ({
  fileName: attachment.fileName,
  contentType: attachment.contentType,
  size: attachment.content.byteLength,
  reason,
});

/**
 * The §7 rule for incoming mail: over the limit, attachments are dropped largest first until the
 * mail fits; the text and HTML are never dropped (a mail that is still over is kept with its
 * text); with attachments off, all are dropped. Inline images count as attachments.
 */
export function applySizeRule(mail: ParsedMail, options: SizeRuleOptions): SizeRuleResult {
  if (!options.attachmentsAllowed) {
    const dropped = mail.attachments.map((attachment) => drop(attachment, 'attachments-off'));
    return { mail: { ...mail, attachments: [] }, dropped };
  }
  const limit = options.limitBytes ?? DEFAULT_MAIL_SIZE_LIMIT;
  let size = mail.size;
  if (size <= limit) return { mail, dropped: [] };
  const largestFirst = [...mail.attachments].sort(
    (a, b) => b.content.byteLength - a.content.byteLength,
  );
  const removed = new Set<MailAttachment>();
  for (const attachment of largestFirst) {
    if (size <= limit) break;
    removed.add(attachment);
    size -= encodedSize(attachment);
  }
  return {
    mail: {
      ...mail,
      attachments: mail.attachments.filter((a) => !removed.has(a)),
      size: Math.max(size, 0),
    },
    dropped: largestFirst.filter((a) => removed.has(a)).map((a) => drop(a, 'too-large')),
  };
}
