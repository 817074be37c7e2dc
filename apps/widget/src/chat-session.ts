import type { AttachmentPolicy, InteractionEvent } from '@sangdam/contracts';
import { ApiError, downloadAttachment, fetchAttachmentPolicy, sendAttachments } from './api.ts';
import { ChatLog } from './chat-log.ts';
import { createChatView, type ChatView } from './chat-view.ts';
import { newClientMessageId } from './client-message-id.ts';
import { ChatConnection, type ConnectionStatus } from './connection.ts';
import { errorText } from './error-text.ts';
import type { Lang, Translate } from './i18n.ts';
import type { SavedChat } from './saved-chat.ts';

export interface ChatSessionOptions {
  t: Translate;
  lang: Lang;
  server: string;
  saved: SavedChat;
  /** Something changed: save it and refresh the header. */
  onChange: () => void;
  /** An agent or the assistant wrote something new. */
  onIncoming: () => void;
  onInvalidToken: () => void;
  onNewChat: () => void;
}

/**
 * One started chat: its log, its connection and its view. Messages go out one at a time in the
 * order they were typed; unsent ones go again, with the same clientMessageId, after a reconnect.
 */
export class ChatSession {
  readonly view: ChatView;
  private readonly log: ChatLog;
  private readonly connection: ChatConnection | null;
  private status: ConnectionStatus = 'connecting';
  private outbox: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<string>();
  private attachmentPolicy: AttachmentPolicy | null = null;

  constructor(private readonly options: ChatSessionOptions) {
    const { t, lang, saved } = options;
    this.log = new ChatLog(saved.log);
    this.view = createChatView({
      t,
      lang,
      onSend: (text) => this.send(text),
      onRetry: (clientMessageId) => this.retry(clientMessageId),
      onAskAgent: () => this.askForAgent(),
      onDownload: (file) => {
        void downloadAttachment(options.server, saved, file).catch(() => undefined);
      },
      attachments: {
        policy: () => this.attachmentPolicy,
        send: (text, files) =>
          sendAttachments(options.server, saved, newClientMessageId(), text, files).then(
            () => null,
            (error: unknown) => (error instanceof ApiError ? error.code : 'INTERNAL'),
          ),
      },
      onLeave: () => this.leave(),
      onNewChat: options.onNewChat,
    });
    // A chat the server closed has nothing more to send.
    this.connection = this.log.closed
      ? null
      : new ChatConnection(options.server, saved.token, {
          lastSeq: () => this.log.lastSeq,
          onEvents: (events) => this.receive(events),
          onQueuePosition: (position) => {
            this.log.setQueuePosition(position);
            this.update();
          },
          onStatus: (status) => {
            this.status = status;
            this.update();
          },
          onSynced: () => {
            for (const message of this.log.unsent()) this.enqueue(message.clientMessageId);
          },
          onInvalidToken: options.onInvalidToken,
        });
    this.render();
    if (!this.log.closed) {
      void fetchAttachmentPolicy(options.server)
        .then((policy) => {
          this.attachmentPolicy = policy;
          this.view.refreshCompose();
        })
        .catch(() => undefined);
    }
  }

  /** What the header says: waiting, chatting with whom, or ended. */
  subtitle(): string {
    const { t } = this.options;
    if (this.log.ended) return t('status.ended');
    const agents = this.log.agentsPresent();
    if (agents.length > 0) return t('status.chatting', { name: agents.join(', ') });
    if (this.log.assistant !== null) return t('status.withAssistant');
    return t('status.waiting');
  }

  get ended(): boolean {
    return this.log.ended;
  }

  record(): Omit<SavedChat, 'open'> {
    const { token, interactionId } = this.options.saved;
    return { token, interactionId, lastSeq: this.log.lastSeq, log: this.log.snapshot() };
  }

  close(): void {
    this.connection?.close();
  }

  private send(text: string): void {
    const clientMessageId = newClientMessageId();
    this.log.addPending(clientMessageId, text);
    this.update();
    this.enqueue(clientMessageId);
  }

  private retry(clientMessageId: string): void {
    this.log.markSending(clientMessageId);
    this.update();
    this.enqueue(clientMessageId);
  }

  private enqueue(clientMessageId: string): void {
    // One failure must not stop the queue for every later message.
    this.outbox = this.outbox
      .then(() => this.deliver(clientMessageId))
      .catch((error: unknown) => console.error('[sangdam] sending failed', error));
  }

  private async deliver(clientMessageId: string): Promise<void> {
    const message = this.log.getPending(clientMessageId);
    const connection = this.connection;
    if (message?.status !== 'sending' || connection === null) return;
    if (this.inFlight.has(clientMessageId)) return;
    this.inFlight.add(clientMessageId);
    const outcome = await connection.send(clientMessageId, message.text);
    this.inFlight.delete(clientMessageId);
    if (outcome.kind === 'stored') this.receive([outcome.event]);
    else if (outcome.kind === 'rejected') {
      this.log.markFailed(clientMessageId, outcome.error.code);
      this.update();
    } else if (outcome.kind === 'timed-out') {
      this.log.markFailed(clientMessageId, 'TIMEOUT');
      this.update();
    }
  }

  private async askForAgent(): Promise<string | null> {
    if (this.connection === null) return null;
    const code = await this.connection.askForAgent();
    return code === null ? null : errorText(this.options.lang, code);
  }

  private async leave(): Promise<string | null> {
    if (this.connection === null) return null;
    const code = await this.connection.leave();
    return code === null ? null : errorText(this.options.lang, code);
  }

  private receive(events: readonly InteractionEvent[]): void {
    const incoming = events.some(
      (event) =>
        ((event.type === 'message' && event.author.kind !== 'customer') ||
          event.type === 'assistant.replied') &&
        event.seq > this.log.lastSeq,
    );
    if (!this.log.merge(events)) return;
    if (this.log.closed) this.connection?.close();
    this.update();
    if (incoming) this.options.onIncoming();
  }

  private update(): void {
    this.render();
    this.options.onChange();
  }

  private render(): void {
    this.view.render({
      entries: this.log.entries(),
      ended: this.log.ended,
      queuePosition: this.log.queuePosition,
      connection: this.status,
      assistant: this.log.assistant,
    });
  }
}
