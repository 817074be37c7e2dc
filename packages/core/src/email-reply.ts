import { isEmailAddress, limits, type Mailbox, type ReplyMode } from '@sangdam/contracts';
import { AppError } from './app-error.ts';

/** The customer's mail a reply answers, as the reply rules read it. */
export interface ReplyParent {
  from: Mailbox | null;
  replyTo: readonly Mailbox[];
  to: readonly Mailbox[];
  cc: readonly Mailbox[];
}

/** `support+tag@x` and `Support@X` are both `support@x`: one of ours either way. */
function canonical(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus < 0 ? local : local.slice(0, plus)}${lower.slice(at)}`;
}

/** A test for "one of our own addresses" (the organisation's configured ones). */
export function ownAddresses(addresses: readonly string[]): (address: string) => boolean {
  const ours = new Set(addresses.map(canonical));
  return (address) => ours.has(canonical(address));
}

function withoutDuplicates(boxes: readonly Mailbox[], taken: Set<string>): Mailbox[] {
  const kept: Mailbox[] = [];
  for (const box of boxes) {
    const key = canonical(box.address);
    if (box.address === '' || taken.has(key)) continue;
    taken.add(key);
    kept.push({ address: box.address, name: box.name });
  }
  return kept;
}

/**
 * R-EM-3: who a reply goes to. Quick reply and Reply answer the sender (the mail's Reply-To when
 * it names one, else its From); Reply all adds the mail's other To recipients and starts CC from
 * its CC — never one of our own addresses (our own mail would come back in as a new contact).
 */
export function replyRecipients(
  mode: ReplyMode,
  parent: ReplyParent,
  isOurs: (address: string) => boolean,
): { to: Mailbox[]; cc: string[] } {
  const sender = parent.replyTo.length > 0 ? parent.replyTo : parent.from ? [parent.from] : [];
  const taken = new Set<string>();
  const to = withoutDuplicates(sender, taken);
  if (mode !== 'replyAll') return { to, cc: [] };
  const others = parent.to.filter((box) => !isOurs(box.address));
  to.push(...withoutDuplicates(others, taken));
  const cc = withoutDuplicates(
    parent.cc.filter((box) => !isOurs(box.address)),
    taken,
  ).map((box) => box.address);
  return { to, cc };
}

/**
 * The CC a reply is sent with: each entry an address, none of ours, none already in To,
 * duplicates once. A bad entry refuses the reply and names it (EMAIL_CC_INVALID).
 */
export function checkCc(
  cc: readonly string[],
  to: readonly Mailbox[],
  isOurs: (address: string) => boolean,
): string[] {
  if (cc.length > limits.emailReplyCcMax) {
    throw new AppError(
      'EMAIL_CC_INVALID',
      `A reply can have at most ${limits.emailReplyCcMax} CC recipients`,
    );
  }
  const taken = new Set(to.map((box) => canonical(box.address)));
  const kept: string[] = [];
  for (const entry of cc) {
    const address = entry.trim().toLowerCase();
    if (!isEmailAddress(address)) {
      throw new AppError('EMAIL_CC_INVALID', `“${entry.slice(0, 80)}” is not an email address`);
    }
    if (isOurs(address)) {
      throw new AppError('EMAIL_CC_INVALID', `${address} is one of our own addresses`);
    }
    if (taken.has(canonical(address))) continue;
    taken.add(canonical(address));
    kept.push(address);
  }
  return kept;
}

/** R-EM-2 / R-EM-4: templates are for Reply and Reply all only. */
export function assertTemplateAllowed(
  mode: ReplyMode,
  templateId: string | null | undefined,
): void {
  if (mode === 'quick' && templateId) {
    throw new AppError(
      'EMAIL_TEMPLATE_NOT_ALLOWED',
      'Templates are for Reply and Reply all, not for a quick reply',
    );
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe inside HTML, as element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const VARIABLE = /\{\{\s*([A-Za-z]+(?:\.[A-Za-z]+)*)\s*\}\}/g;

/**
 * R-EM-4: a template's HTML with its variables (`{{customer.name}}`, spaces inside the braces
 * allowed) filled in, each value HTML-escaped. A variable it does not know stays as written, so
 * the agent sees it and fixes it before sending rather than mailing a hole.
 */
export function renderTemplate(html: string, values: Readonly<Record<string, string>>): string {
  return html.replace(VARIABLE, (whole, name: string) =>
    Object.hasOwn(values, name) ? escapeHtml(values[name] ?? '') : whole,
  );
}
