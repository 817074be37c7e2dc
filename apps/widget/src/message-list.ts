import type { AttachmentRef, InteractionEvent } from '@sangdam/contracts';
import { formatFileSize } from '../../../packages/contracts/src/attachment-rules.ts';
import { splitLinks } from '../../../packages/contracts/src/links.ts';
import type { PendingMessage, TimelineEntry } from './chat-log.ts';
import { h, icon } from './dom.ts';
import { errorText } from './error-text.ts';
import type { Lang, MessageKey, Translate } from './i18n.ts';

export interface MessageList {
  element: HTMLElement;
  /** After the chat ended, unsent messages say so and offer no retry. */
  render(entries: readonly TimelineEntry[], ended: boolean): void;
}

export interface MessageListOptions {
  t: Translate;
  lang: Lang;
  onRetry: (clientMessageId: string) => void;
  /** Downloads a file of a message (with the customer's token, never a cookie). */
  onDownload: (file: AttachmentRef) => void;
}

type MessageEvent = Extract<InteractionEvent, { type: 'message' }>;
type AssistantEvent = Extract<InteractionEvent, { type: 'assistant.replied' }>;

interface Rendered {
  signature: string;
  node: HTMLElement;
}

/**
 * The transcript (`role="log"`). Nodes are kept by key and rebuilt only when their entry
 * changed, so a pending bubble turns into the stored message in place and nothing repeats.
 */
export function createMessageList({
  t,
  lang,
  onRetry,
  onDownload,
}: MessageListOptions): MessageList {
  const list = h('ol', {
    class: 'messages',
    role: 'log',
    'aria-live': 'polite',
    'data-testid': 'message-list',
    tabindex: '0',
  });
  const rendered = new Map<string, Rendered>();
  // Follows the newest message while the reader is at the bottom, also when the list itself
  // shrinks (the compose box grows, the chat-ended footer appears).
  let pinned = true;
  list.addEventListener('scroll', () => {
    pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  });
  new ResizeObserver(() => {
    if (pinned) list.scrollTop = list.scrollHeight;
  }).observe(list);
  const time = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });

  const systemLine = (key: MessageKey, params?: Record<string, string>): HTMLElement =>
    h('li', { class: 'system' }, [t(key, params)]);

  const fileButton = (file: AttachmentRef): HTMLElement => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'file',
        'aria-label': t('attach.download', { name: file.name }),
        'data-testid': 'attachment-link',
      },
      [
        icon('file'),
        h('span', { class: 'name' }, [file.name]),
        h('span', { class: 'size' }, [formatFileSize(file.size)]),
      ],
    );
    button.addEventListener('click', () => onDownload(file));
    return button;
  };

  const bubble = (
    side: 'mine' | 'theirs',
    author: string | null,
    text: string,
    meta: (Node | string)[],
    extraClass = '',
    files: readonly AttachmentRef[] = [],
  ): HTMLElement =>
    h('li', { class: `message ${side} ${extraClass}`.trim() }, [
      ...(author === null ? [] : [h('span', { class: 'author' }, [author])]),
      ...(text === '' && files.length > 0 ? [] : [h('p', { class: 'bubble' }, linkedText(text))]),
      ...files.map(fileButton),
      h('span', { class: 'meta' }, meta),
    ]);

  const storedMessage = (event: MessageEvent, showAuthor: boolean): HTMLElement => {
    const at = time.format(new Date(event.at));
    const { kind, name } = event.author;
    // R-PCI-2a: the sender is told that sensitive data was removed before the text was kept.
    const redacted = (event.redactedTypes?.length ?? 0) > 0;
    const files = event.attachments ?? [];
    if (kind === 'customer') {
      const note = h('span', { class: 'message-note' }, [t('message.sensitiveRemoved')]);
      return bubble('mine', null, event.text, redacted ? [note, at] : [at], '', files);
    }
    if (kind === 'system') return h('li', { class: 'system' }, [event.text]);
    const label = kind === 'bot' ? t('author.bot') : name;
    return bubble('theirs', showAuthor ? label : null, event.text, [at], kind, files);
  };

  /** A turn of the virtual assistant; "no answer" in the customer's own language. */
  const assistantTurn = (event: AssistantEvent, showAuthor: boolean): HTMLElement | null => {
    const at = time.format(new Date(event.at));
    const noMatch = event.offerAgent ? 'assistant.noMatchAgent' : 'assistant.noMatch';
    const text = event.kind === 'no-match' ? t(noMatch) : event.text;
    if (text.trim() === '') return null;
    return bubble('theirs', showAuthor ? t('author.bot') : null, text, [at], 'bot');
  };

  const pendingMessage = (message: PendingMessage, ended: boolean): HTMLElement => {
    if (ended) {
      const note = h('span', { class: 'message-error' }, [t('message.notSentEnded')]);
      return bubble('mine', null, message.text, [note], 'failed');
    }
    if (message.status === 'sending') {
      return bubble('mine', null, message.text, [t('message.sending')], 'pending');
    }
    const retry = h('button', { type: 'button', class: 'link-button' }, [t('message.retry')]);
    retry.addEventListener('click', () => onRetry(message.clientMessageId));
    const error = h('span', { class: 'message-error', role: 'alert' }, [
      errorText(lang, message.error ?? 'INTERNAL'),
    ]);
    return bubble('mine', null, message.text, [error, retry], 'failed');
  };

  const eventNode = (event: InteractionEvent, showAuthor: boolean): HTMLElement | null => {
    switch (event.type) {
      case 'message':
        return storedMessage(event, showAuthor);
      case 'assistant.replied':
        return assistantTurn(event, showAuthor);
      case 'assistant.handed-over':
        return systemLine('assistant.handedOver');
      case 'queued':
        return systemLine(event.reason === 'agent-removed' ? 'event.transferred' : 'event.queued');
      case 'agent.joined':
        return systemLine('event.agentJoined', { name: event.agent.name });
      case 'agent.left':
        return systemLine('event.agentLeft', { name: event.agent.name });
      case 'transferred':
        return systemLine('event.transferred');
      case 'customer.left':
        return systemLine('event.customerLeft');
      case 'attachment.dropped': {
        const mine = event.sender === 'customer';
        const key =
          event.reason === 'card-data'
            ? mine
              ? 'event.attachmentDroppedMine'
              : 'event.attachmentDroppedAgent'
            : mine
              ? 'event.attachmentUnreadableMine'
              : 'event.attachmentUnreadableAgent';
        const line = systemLine(key, { name: event.name });
        line.classList.add('is-warning');
        line.setAttribute('data-testid', 'attachment-dropped');
        return line;
      }
      case 'ended':
        return systemLine(
          event.reason === 'customer-away'
            ? 'event.endedAway'
            : event.reason === 'transfer-unanswered'
              ? 'event.endedTransfer'
              : 'event.ended',
        );
      default:
        return null;
    }
  };

  const render = (entries: readonly TimelineEntry[], ended: boolean): void => {
    const nodes: HTMLElement[] = [];
    const keys = new Set<string>();
    let previousAuthor: string | null = null;
    for (const entry of entries) {
      const author = authorKey(entry);
      const showAuthor = author !== null && author !== previousAuthor;
      previousAuthor = author;
      const signature = entrySignature(entry, showAuthor, ended);
      let current = rendered.get(entry.key);
      if (current?.signature !== signature) {
        const node =
          entry.kind === 'event'
            ? eventNode(entry.event, showAuthor)
            : pendingMessage(entry.message, ended);
        if (node === null) continue;
        current = { signature, node };
        rendered.set(entry.key, current);
      }
      keys.add(entry.key);
      nodes.push(current.node);
    }
    for (const key of rendered.keys()) if (!keys.has(key)) rendered.delete(key);
    placeInOrder(list, nodes);
    const last = entries.at(-1);
    if (pinned || last?.kind === 'pending') list.scrollTop = list.scrollHeight;
  };

  return { element: list, render };
}

/** Text nodes and http/https/mailto anchors: message text is never parsed as HTML. */
function linkedText(text: string): (Node | string)[] {
  return splitLinks(text).map((part) =>
    part.kind === 'text'
      ? part.text
      : h('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer' }, [part.text]),
  );
}

/** Who wrote an entry, for showing a name once above consecutive bubbles of one author. */
function authorKey(entry: TimelineEntry): string | null {
  if (entry.kind === 'pending') return 'customer';
  const { event } = entry;
  if (event.type === 'assistant.replied') return 'bot:assistant';
  if (event.type !== 'message') return null;
  if (event.author.kind === 'bot') return 'bot:assistant';
  return event.author.kind === 'customer'
    ? 'customer'
    : `${event.author.kind}:${event.author.name}`;
}

function entrySignature(entry: TimelineEntry, showAuthor: boolean, ended: boolean): string {
  if (entry.kind === 'event') return `${entry.event.seq}:${showAuthor}`;
  return `pending:${ended}:${entry.message.status}:${entry.message.error ?? ''}`;
}

/** Moves existing children into `nodes` order and removes the rest, touching only what moved. */
function placeInOrder(list: HTMLElement, nodes: readonly HTMLElement[]): void {
  let cursor = list.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else list.insertBefore(node, cursor);
  }
  while (cursor !== null) {
    const next: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}
