import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  CommandPayload,
  CommandResult,
  customerCommands,
  CustomerPushListeners,
  ErrorBody,
  InteractionEvent,
  QueuePosition,
} from '@sangdam/contracts';

type Commands = typeof customerCommands;

// Acks are typed by request() below, from the contracts.
type ClientToServer = Record<
  keyof Commands,
  (payload: unknown, ack: (result: unknown) => void) => void
>;

/** What the server pushes: derived from `customerPushes` in the contracts. */
type ServerToClient = CustomerPushListeners;

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

export interface ConnectionHooks {
  lastSeq: () => number;
  onEvents: (events: readonly InteractionEvent[]) => void;
  onQueuePosition: (position: QueuePosition) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** Caught up after a (re)connect: the moment to resend what is still unsent. */
  onSynced: () => void;
  /** The server no longer knows this chat; the widget starts over. */
  onInvalidToken: () => void;
}

/** `unsent`: the socket is (or went) down; the message goes again after the reconnect. */
export type SendOutcome =
  | { kind: 'stored'; event: InteractionEvent }
  | { kind: 'rejected'; error: ErrorBody }
  | { kind: 'unsent' }
  | { kind: 'timed-out' };

const ackTimeoutMs = 10_000;
const retryDelayMs = 3_000;
/**
 * Pushes are live only: one lost on its way (a server node that died after storing it) is
 * fetched by a catch-up when the customer comes back to the page, and at the latest this often.
 */
const catchUpEveryMs = 30_000;

/** The customer's Socket.IO connection to one chat: catch-up sync, live pushes, commands. */
export class ChatConnection {
  private readonly socket: Socket<ServerToClient, ClientToServer>;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly catchUpTimer: ReturnType<typeof setInterval>;
  private closed = false;
  private readonly catchUpIfOnline = () => {
    if (this.socket.connected && document.visibilityState === 'visible') void this.catchUp();
  };

  constructor(
    server: string,
    token: string,
    private readonly hooks: ConnectionHooks,
  ) {
    this.socket = io(`${server}/customer`, {
      auth: { token },
      transports: ['websocket', 'polling'],
      // Where a proxy blocks WebSocket, fall back to long-polling instead of failing.
      tryAllTransports: true,
    });
    hooks.onStatus('connecting');
    this.socket.on('connect', () => {
      hooks.onStatus('online');
      void this.catchUp();
    });
    this.socket.on('disconnect', (reason) => {
      if (this.closed) return;
      hooks.onStatus('reconnecting');
      // Only a server-side disconnect stops Socket.IO's own reconnection.
      if (reason === 'io server disconnect') this.retryLater(() => this.socket.connect());
    });
    this.socket.on('connect_error', (error) => {
      if (error.message === 'INVALID_CUSTOMER_TOKEN') {
        this.invalidate();
        return;
      }
      hooks.onStatus('reconnecting');
      if (!this.socket.active) this.retryLater(() => this.socket.connect());
    });
    this.socket.on('interaction:event', (event) => hooks.onEvents([event]));
    this.socket.on('queue:position', (position) => hooks.onQueuePosition(position));
    document.addEventListener('visibilitychange', this.catchUpIfOnline);
    this.catchUpTimer = setInterval(this.catchUpIfOnline, catchUpEveryMs);
  }

  async send(clientMessageId: string, text: string): Promise<SendOutcome> {
    if (!this.socket.connected) return { kind: 'unsent' };
    try {
      const ack = await this.request('message:send', { clientMessageId, text });
      return ack.ok ? { kind: 'stored', event: ack.event } : { kind: 'rejected', error: ack.error };
    } catch {
      return this.socket.connected ? { kind: 'timed-out' } : { kind: 'unsent' };
    }
  }

  /** "Talk to an agent": the error code (the server's, or NETWORK), or null once queued. */
  async askForAgent(): Promise<string | null> {
    if (!this.socket.connected) return 'NETWORK';
    try {
      const ack = await this.request('assistant:hand-over', {});
      return ack.ok ? null : ack.error.code;
    } catch {
      return 'NETWORK';
    }
  }

  /** Resolves with the error code (the server's, or NETWORK), or null once the customer left. */
  async leave(): Promise<string | null> {
    if (!this.socket.connected) return 'NETWORK';
    try {
      const ack = await this.request('chat:leave', {});
      return ack.ok ? null : ack.error.code;
    } catch {
      return 'NETWORK';
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.catchUpTimer);
    document.removeEventListener('visibilitychange', this.catchUpIfOnline);
    this.socket.disconnect();
  }

  /** Pages through `interaction:sync` until `more` is false, then lets unsent messages go. */
  private async catchUp(): Promise<void> {
    let afterSeq = this.hooks.lastSeq();
    for (;;) {
      const ack = await this.request('interaction:sync', { afterSeq }).catch(() => null);
      if (ack?.ok === false && ack.error.code === 'INVALID_CUSTOMER_TOKEN') {
        this.invalidate();
        return;
      }
      if (ack === null || !ack.ok) {
        // A timeout or a passing failure: try again while connected (a reconnect syncs anyway).
        this.retryLater(() => {
          if (this.socket.connected) void this.catchUp();
        });
        return;
      }
      this.hooks.onEvents(ack.events);
      // Paging follows this sync's own pages: live pushes may already be further ahead.
      const pageEnd: number = Math.max(afterSeq, ...ack.events.map((event) => event.seq));
      if (!ack.more || pageEnd === afterSeq) break;
      afterSeq = pageEnd;
    }
    this.hooks.onSynced();
  }

  private invalidate(): void {
    this.close();
    this.hooks.onInvalidToken();
  }

  /** Rejects on timeout or disconnect. */
  private async request<K extends keyof Commands>(
    event: K,
    payload: CommandPayload<Commands, K>,
  ): Promise<Ack<CommandResult<Commands, K>>> {
    // The widget trusts the server's ack shape instead of shipping zod to every shop page.
    const name: keyof Commands = event;
    const ack: unknown = await this.socket.timeout(ackTimeoutMs).emitWithAck(name, payload);
    return ack as Ack<CommandResult<Commands, K>>;
  }

  private retryLater(action: () => void): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.closed) action();
    }, retryDelayMs);
  }
}
