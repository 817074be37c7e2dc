import type { InteractionEvent } from './model.ts';

/**
 * A message its author sent that the server has not stored yet, as both clients show it: at
 * once, as `sending` (going out now, or as soon as the connection is back), then replaced by the
 * stored message, or `failed` with the error code the client translates, until Retry.
 */
export interface OutgoingMessage {
  readonly clientMessageId: string;
  readonly text: string;
  readonly status: 'sending' | 'failed';
  /** An `ErrorCode`, or a client's own code such as TIMEOUT; null while sending. */
  readonly error: string | null;
}

/** Drops the outgoing messages that stored events confirm (same clientMessageId). */
export function confirmOutgoing<T extends OutgoingMessage>(
  outgoing: readonly T[],
  events: readonly InteractionEvent[],
): readonly T[] {
  const confirmed = new Set<string>();
  for (const event of events) {
    if (event.type === 'message') confirmed.add(event.clientMessageId);
  }
  if (confirmed.size === 0) return outgoing;
  const rest = outgoing.filter((message) => !confirmed.has(message.clientMessageId));
  return rest.length === outgoing.length ? outgoing : rest;
}

/** `sending` again (Retry, or a resend after reconnecting), or `failed` with its code. */
export function setOutgoingStatus<T extends OutgoingMessage>(
  outgoing: readonly T[],
  clientMessageId: string,
  change: { status: 'sending'; error?: null } | { status: 'failed'; error: string },
): readonly T[] {
  const error = change.error ?? null;
  let changed = false;
  const next = outgoing.map((message) => {
    if (message.clientMessageId !== clientMessageId) return message;
    if (message.status === change.status && message.error === error) return message;
    changed = true;
    return { ...message, status: change.status, error };
  });
  return changed ? next : outgoing;
}

/** What goes out after a (re)connect: failed messages wait for the author's Retry. */
export function unsentOutgoing<T extends OutgoingMessage>(outgoing: readonly T[]): T[] {
  return outgoing.filter((message) => message.status === 'sending');
}
