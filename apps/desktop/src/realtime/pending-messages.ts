import type { OutgoingMessage } from '@sangdam/contracts';

/** A message the agent sent that the server has not stored yet, in one of their contacts. */
export interface PendingMessage extends OutgoingMessage {
  readonly interactionId: string;
}
