import type { AttachmentRef, InteractionEvent } from '@sangdam/contracts';
import type { PendingMessage } from '../../../realtime/pending-messages.ts';

export type MessageRole = 'customer' | 'bot' | 'agent' | 'self';
export type DeliveryStatus = 'sent' | 'sending' | 'failed';

export type Notice =
  | { type: 'chat-started'; name: string }
  | { type: 'queued'; queue: string }
  | { type: 'agent-joined'; name: string; conference: boolean }
  | {
      type: 'agent-left';
      name: string;
      reason: 'transferred' | 'conference-ended' | 'removed' | null;
    }
  | { type: 'transferred'; by: string; to: { queue: string } | { agent: string } }
  | { type: 'conference-requested'; by: string; name: string }
  | { type: 'conference-cancelled'; name: string; expired: boolean }
  | { type: 'handed-over'; reason: 'asked' | 'no-match' | 'no-answers' }
  | { type: 'customer-left' }
  | {
      type: 'ended';
      by: 'agent' | 'customer' | 'system';
      reason: 'customer-away' | 'transfer-unanswered' | null;
    }
  | { type: 'system-text'; text: string }
  | { type: 'email-sent' }
  | { type: 'email-retried'; name: string }
  | { type: 'email-failed'; reason: 'refused' | 'gave-up' | 'bounced' }
  | { type: 'attachment-dropped'; name: string; byCustomer: boolean; cardData: boolean };

/** One line of the conversation as the agent sees it. */
export type TimelineItem =
  | {
      kind: 'message';
      key: string;
      role: MessageRole;
      authorName: string;
      text: string;
      at: string | null;
      status: DeliveryStatus;
      /** Set on this agent's unconfirmed messages: what Retry sends again. */
      clientMessageId: string | null;
      /** Why a `failed` message was not stored: an error code the desktop translates. */
      error: string | null;
      /** Card or personal data was masked before the text was stored (R-PCI-2a). */
      redacted: boolean;
      /** A virtual assistant's turn (R-CH-1): what kind, and the question it answered. */
      assistant: { kind: 'greeting' | 'answer' | 'no-match'; question: string | null } | null;
      /** Files that came with the message (R-CH-5), downloaded under `interactionId`. */
      attachments: AttachmentRef[];
      interactionId: string;
    }
  | { kind: 'notice'; key: string; notice: Notice; at: string };

function eventItem(event: InteractionEvent, selfId: string): TimelineItem {
  const key = `seq-${event.seq}`;
  const notice = (value: Notice): TimelineItem => ({
    kind: 'notice',
    key,
    notice: value,
    at: event.at,
  });
  switch (event.type) {
    case 'message': {
      const { author } = event;
      if (author.kind === 'system') return notice({ type: 'system-text', text: event.text });
      const role: MessageRole =
        author.kind === 'agent' && author.id === selfId ? 'self' : author.kind;
      return {
        kind: 'message',
        key,
        role,
        authorName: author.name,
        text: event.text,
        at: event.at,
        status: 'sent',
        clientMessageId: null,
        error: null,
        redacted: (event.redactedTypes?.length ?? 0) > 0,
        assistant: null,
        attachments: event.attachments ?? [],
        interactionId: event.interactionId,
      };
    }
    case 'assistant.replied':
      return {
        kind: 'message',
        key,
        role: 'bot',
        authorName: '',
        text: event.text,
        at: event.at,
        status: 'sent',
        clientMessageId: null,
        error: null,
        redacted: false,
        assistant: { kind: event.kind, question: event.answer },
        attachments: [],
        interactionId: event.interactionId,
      };
    case 'assistant.handed-over':
      return notice({ type: 'handed-over', reason: event.reason });
    case 'attachment.dropped':
      return notice({
        type: 'attachment-dropped',
        name: event.name,
        byCustomer: event.sender === 'customer',
        cardData: event.reason === 'card-data',
      });
    case 'chat.started':
      return notice({ type: 'chat-started', name: event.customer.name });
    case 'queued':
      return notice({ type: 'queued', queue: event.queue.name });
    case 'agent.joined':
      return notice({
        type: 'agent-joined',
        name: event.agent.name,
        conference: event.role === 'conference',
      });
    case 'agent.left':
      return notice({ type: 'agent-left', name: event.agent.name, reason: event.reason ?? null });
    case 'transferred':
      return notice({
        type: 'transferred',
        by: event.by.name,
        to:
          event.to.kind === 'queue'
            ? { queue: event.to.queue.name }
            : { agent: event.to.agent.name },
      });
    case 'conference.requested':
      return notice({ type: 'conference-requested', by: event.by.name, name: event.agent.name });
    case 'conference.cancelled':
      return notice({
        type: 'conference-cancelled',
        name: event.agent.name,
        expired: event.reason === 'expired',
      });
    case 'email.received':
    case 'email.queued': {
      // As messages in an earlier contact's transcript; an open contact's email area
      // (features/email) shows its mails whole.
      const self = event.type === 'email.queued' && event.author.id === selfId;
      return {
        kind: 'message',
        key,
        role: event.type === 'email.received' ? 'customer' : self ? 'self' : 'agent',
        authorName:
          event.type === 'email.received'
            ? (event.email.from?.name ?? event.email.from?.address ?? '')
            : event.author.name,
        text: event.email.subject
          ? `${event.email.subject}\n\n${event.email.text}`
          : event.email.text,
        at: event.at,
        status: 'sent',
        clientMessageId: null,
        error: null,
        redacted: event.type === 'email.queued' && (event.redactedTypes?.length ?? 0) > 0,
        assistant: null,
        attachments: [],
        interactionId: event.interactionId,
      };
    }
    case 'email.sent':
      return notice({ type: 'email-sent' });
    case 'email.failed':
      return notice({ type: 'email-failed', reason: event.reason });
    case 'email.retried':
      return notice({ type: 'email-retried', name: event.author.name });
    case 'customer.left':
      return notice({ type: 'customer-left' });
    case 'ended':
      return notice({ type: 'ended', by: event.by, reason: event.reason ?? null });
  }
}

/** The conversation in seq order, then this agent's unconfirmed messages in sending order. */
export function buildTimeline(
  events: readonly InteractionEvent[],
  pending: readonly PendingMessage[],
  selfId: string,
  selfName: string,
): TimelineItem[] {
  const items = events.map((event) => eventItem(event, selfId));
  for (const message of pending) {
    items.push({
      kind: 'message',
      key: `pending-${message.clientMessageId}`,
      role: 'self',
      authorName: selfName,
      text: message.text,
      at: null,
      status: message.status,
      clientMessageId: message.clientMessageId,
      error: message.error,
      redacted: false,
      assistant: null,
      attachments: [],
      interactionId: message.interactionId,
    });
  }
  return items;
}

/** True once the customer has gone: the compose box closes. */
export function customerHasLeft(events: readonly InteractionEvent[]): boolean {
  return events.some(
    (event) =>
      event.type === 'customer.left' || (event.type === 'ended' && event.by === 'customer'),
  );
}
