/**
 * Threading: which contact a received mail belongs to. Pure: the server looks up the keys this
 * module names (`threadKeys`) among what it stored and hands the matches to `resolveThread`.
 *
 * The keys, strongest first: the References header newest first, then In-Reply-To, matched
 * against every Message-ID stored (the customer's, ours, and one a relay gave our mail instead);
 * then the reply token we put in our replies, as a `local+token@` address and in the subject
 * (`[#token]`). Clients drop different things — Outlook replies with only In-Reply-To and
 * Thread-Index, Apple Mail strips hidden markers, people change subjects, relays rewrite
 * Message-ID — so any one key is enough. Every match is scoped to the customer: a key that
 * points at another customer's contact is ignored, so two people answering one newsletter never
 * land in one contact.
 */
import type { MailAddress, ParsedMail } from './types.ts';

/** A contact a stored Message-ID or reply token points at. */
export interface ThreadMatch {
  interactionId: string;
  /** Who the contact's customer is (`email:<lower-cased address>`, as the store keys them). */
  customerKey: string;
  ended: boolean;
  /**
   * The newest contact opened as a follow-up of this one (a reply to it after it ended), if
   * any: a later reply to the same old mail belongs there, not in yet another new contact.
   */
  latestFollowUp?: { interactionId: string; ended: boolean } | undefined;
}

/** What to do with a received mail. */
export type ThreadDecision =
  /** No contact of this customer is referred to: a new contact. */
  | { kind: 'new' }
  /** An open contact of this customer: append it there and tell its agent. */
  | { kind: 'append'; interactionId: string; matchedBy: MatchedBy }
  /** An ended contact of this customer: a new contact, linked to that one. */
  | { kind: 'follow-up'; previousInteractionId: string; matchedBy: MatchedBy };

export type MatchedBy = 'references' | 'in-reply-to' | 'token';

export interface ThreadKeys {
  /** Message ids to look up, strongest first (References newest first, then In-Reply-To). */
  messageIds: { id: string; from: 'references' | 'in-reply-to' }[];
  /** Reply tokens found in recipient addresses and the subject. */
  tokens: string[];
}

/** Our reply tokens: lower-case letters and digits, so they survive case-folding MTAs. */
const tokenPattern = /^[a-z0-9]{12,40}$/;
const subjectTokenPattern = /\[#([a-z0-9]{12,40})\]/gi;

/** The customer key of an address, as the store computes it for interactions. */
export function customerKeyOf(address: string): string {
  return `email:${address.trim().toLowerCase()}`;
}

/** A Message-ID as stored: no angle brackets, no surrounding space. */
export function normaliseMessageId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

/** The keys of `mail` to look up, strongest first, without repeats. */
export function threadKeys(
  mail: Pick<ParsedMail, 'references' | 'inReplyTo' | 'to' | 'cc' | 'subject'>,
): ThreadKeys {
  const seen = new Set<string>();
  const messageIds: ThreadKeys['messageIds'] = [];
  const add = (raw: string, from: 'references' | 'in-reply-to') => {
    const id = normaliseMessageId(raw);
    if (id === '' || seen.has(id)) return;
    seen.add(id);
    messageIds.push({ id, from });
  };
  for (const id of [...mail.references].reverse()) add(id, 'references');
  for (const id of mail.inReplyTo) add(id, 'in-reply-to');
  const tokens = new Set<string>();
  for (const recipient of [...mail.to, ...mail.cc]) {
    const token = tokenOfAddress(recipient);
    if (token) tokens.add(token);
  }
  for (const match of mail.subject.matchAll(subjectTokenPattern))
    tokens.add(match[1]!.toLowerCase());
  return { messageIds, tokens: [...tokens] };
}

/** The token of a `local+token@domain` address, if it carries one of ours. */
export function tokenOfAddress(address: MailAddress): string | undefined {
  const local = address.address.split('@')[0] ?? '';
  const plus = local.indexOf('+');
  if (plus < 0) return undefined;
  const token = local.slice(plus + 1).toLowerCase();
  return tokenPattern.test(token) ? token : undefined;
}

/** The address without a `+tag`: replies to `support+token@…` reach `support@…`. */
export function baseAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return plus < 0 ? lower : `${local.slice(0, plus)}${lower.slice(at)}`;
}

/** The address our replies carry for a contact: the support address tagged with its token. */
export function replyAddress(supportAddress: string, token: string): string {
  const at = supportAddress.lastIndexOf('@');
  return `${supportAddress.slice(0, at)}+${token}${supportAddress.slice(at)}`;
}

/** The subject of our reply: `Re: ` once, and the contact's token once. */
export function replySubject(subject: string, token: string): string {
  const tag = `[#${token}]`;
  const base = subject.trim() === '' ? '' : subject.trim();
  const withRe = /^(re|aw|sv|antw|답장|回复)\s*:/i.test(base) ? base : `Re: ${base}`.trim();
  return withRe.toLowerCase().includes(tag) ? withRe : `${withRe} ${tag}`;
}

/**
 * References for our reply (RFC 5322 §3.6.4): the parent's References (or its In-Reply-To when
 * it has none) followed by the parent's Message-ID. Very long chains keep the first and the
 * newest ids, as mail clients do, so the header stays within what relays accept.
 */
export function replyReferences(
  parent: { messageId: string; references: readonly string[]; inReplyTo: readonly string[] },
  max = 20,
): string[] {
  const chain = parent.references.length > 0 ? [...parent.references] : [...parent.inReplyTo];
  const all = [...chain.map(normaliseMessageId), normaliseMessageId(parent.messageId)].filter(
    (id, index, list) => id !== '' && list.indexOf(id) === index,
  );
  if (all.length <= max) return all;
  return [all[0]!, ...all.slice(all.length - (max - 1))];
}

/**
 * Decides the thread: the strongest key that matches a contact of this customer wins. `byId`
 * holds what the stored Message-IDs point at (ours, theirs, relay-given); `byToken` what reply
 * tokens point at. Matches of other customers are ignored.
 */
export function resolveThread(
  keys: ThreadKeys,
  customerKey: string,
  byId: ReadonlyMap<string, ThreadMatch>,
  byToken: ReadonlyMap<string, ThreadMatch>,
): ThreadDecision {
  const candidates: { match: ThreadMatch | undefined; by: MatchedBy }[] = [
    ...keys.messageIds.map((key) => ({ match: byId.get(key.id), by: key.from })),
    ...keys.tokens.map((token) => ({ match: byToken.get(token), by: 'token' as const })),
  ];
  for (const { match, by } of candidates) {
    if (!match || match.customerKey !== customerKey) continue;
    const current = match.latestFollowUp ?? match;
    return current.ended
      ? { kind: 'follow-up', previousInteractionId: current.interactionId, matchedBy: by }
      : { kind: 'append', interactionId: current.interactionId, matchedBy: by };
  }
  return { kind: 'new' };
}
