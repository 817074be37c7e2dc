import type { ErrorCode } from './errors.ts';
import { isStorableText } from './storable-text.ts';

/**
 * Attachments (R-CH-5, R-EM-5, SPEC §6): the limits and the one check both UIs run before
 * sending and the server runs again while the bytes arrive. No zod here: the widget imports this
 * file by path.
 */
export const attachmentLimits = {
  /** R-CH-5: one chat message's files together are under 35 MB. */
  chatTotalLimitBytes: 35 * 1024 * 1024,
  /** R-EM-5: one email's files together are under 25 MB. */
  emailTotalLimitBytes: 25 * 1024 * 1024,
  /** The smallest total limit an admin may set. */
  totalLimitMinBytes: 1024,
  maxFilesMax: 20,
  /** R-EM-5: one email reply has at most 10 files (an admin may allow fewer). */
  emailMaxFiles: 10,
  /** A file name (as the sender's system gave it) has at most this many characters. */
  nameMaxLength: 200,
  extensionsMax: 100,
} as const;

/** SPEC §6: the seed's allowed types (no images); admins extend the list per channel. */
export const seedAttachmentExtensions = [
  'html', 'mhtml', 'mht', 'odt', 'pdf', 'pdfxml', 'rtf', 'shtml', 'xps', 'xml', 'xhtml', 'txt',
  'eml', 'msg', 'ods', 'dot', 'dothtml', 'doc', 'dotx', 'dotm', 'pot', 'pothtml', 'ppthtml',
  'pptmhtml', 'pptxml', 'pps', 'ppam', 'ppt', 'pub', 'pubhtml', 'pubmhtml', 'xls', 'xlhtml',
  'xlthtml', 'xlt', 'xlsm', 'xltx', 'xltm', 'xlam', 'xlsb', 'xlsx',
] as const; // prettier-ignore

/** An admin's attachment policy of one channel (`attachmentPolicySchema` validates it). */
export interface AttachmentPolicy {
  enabled: boolean;
  /** Lower case, without the dot. */
  extensions: string[];
  maxFiles: number;
  /** One message's files together must be smaller than this. */
  totalLimitBytes: number;
}

/** The largest total limit a channel allows (chat < 35 MB, email < 25 MB). */
export function channelTotalLimitMax(channel: 'chat' | 'email'): number {
  return channel === 'chat'
    ? attachmentLimits.chatTotalLimitBytes
    : attachmentLimits.emailTotalLimitBytes;
}

/**
 * The rules for one email reply's files: the email channel's policy with at most
 * `emailMaxFiles` files (R-EM-5: ≤ 10 files, together under 25 MB, an admin may set less).
 */
export function replyAttachmentPolicy(emailPolicy: AttachmentPolicy): AttachmentPolicy {
  return {
    ...emailPolicy,
    maxFiles: Math.min(emailPolicy.maxFiles, attachmentLimits.emailMaxFiles),
    totalLimitBytes: Math.min(emailPolicy.totalLimitBytes, attachmentLimits.emailTotalLimitBytes),
  };
}

/** The extension of a file name, lower case without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Whether a name is one a file may carry: not empty, no path (no / or \, not . or ..), no
 * control characters, not too long. Names are shown and offered back as download names only.
 */
export function isSafeAttachmentName(name: string): boolean {
  if (name.length === 0 || [...name].length > attachmentLimits.nameMaxLength) return false;
  if (name.trim() !== name || name === '.' || name === '..') return false;
  // eslint-disable-next-line no-control-regex
  return !/[/\\\u0000-\u001f\u007f]/.test(name) && isStorableText(name);
}

export interface AttachmentProblem {
  code: Extract<
    ErrorCode,
    | 'ATTACHMENTS_DISABLED'
    | 'ATTACHMENT_TOO_MANY'
    | 'ATTACHMENT_TOO_LARGE'
    | 'ATTACHMENT_TYPE_NOT_ALLOWED'
    | 'ATTACHMENT_NAME_INVALID'
    | 'ATTACHMENT_EMPTY'
  >;
  /** The file concerned, when it is one file's problem. */
  name?: string;
}

/**
 * The check before sending (both UIs) and for each file as it arrives (server): the first
 * problem of these files under this policy, or null. Sizes are what the sender's system says;
 * the server counts the bytes themselves.
 */
export function checkAttachments(
  policy: AttachmentPolicy,
  files: readonly { name: string; size: number }[],
): AttachmentProblem | null {
  if (!policy.enabled) return { code: 'ATTACHMENTS_DISABLED' };
  if (files.length > policy.maxFiles) return { code: 'ATTACHMENT_TOO_MANY' };
  let total = 0;
  for (const { name, size } of files) {
    if (!isSafeAttachmentName(name)) return { code: 'ATTACHMENT_NAME_INVALID', name };
    if (!policy.extensions.includes(extensionOf(name))) {
      return { code: 'ATTACHMENT_TYPE_NOT_ALLOWED', name };
    }
    if (size === 0) return { code: 'ATTACHMENT_EMPTY', name };
    total += size;
    if (total >= policy.totalLimitBytes) return { code: 'ATTACHMENT_TOO_LARGE', name };
  }
  return null;
}

/** Sizes as people read them: 1 decimal under 10 (KB/MB), whole above. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
