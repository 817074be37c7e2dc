import type { InteractionEvent } from '@sangdam/contracts';

/**
 * A message the agent sent that the server has not confirmed yet. `sending`: emitted, waiting
 * for the ack; `waiting`: not delivered (offline or no ack), resent with the same id on reconnect.
 */
export interface PendingMessage {
  readonly clientMessageId: string;
  readonly interactionId: string;
  readonly text: string;
  readonly status: 'sending' | 'waiting';
}

/** Drops the pending messages that the given events confirm (same clientMessageId). */
export function reconcilePending(
  pending: readonly PendingMessage[],
  events: readonly InteractionEvent[],
): readonly PendingMessage[] {
  const confirmed = new Set<string>();
  for (const event of events) {
    if (event.type === 'message') confirmed.add(event.clientMessageId);
  }
  if (confirmed.size === 0) return pending;
  const rest = pending.filter((message) => !confirmed.has(message.clientMessageId));
  return rest.length === pending.length ? pending : rest;
}

export function setPendingStatus(
  pending: readonly PendingMessage[],
  clientMessageIds: ReadonlySet<string>,
  status: PendingMessage['status'],
): readonly PendingMessage[] {
  return pending.map((message) =>
    clientMessageIds.has(message.clientMessageId) && message.status !== status
      ? { ...message, status }
      : message,
  );
}
