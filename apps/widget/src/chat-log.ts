import type { InteractionEvent, QueuePosition } from '@sangdam/contracts';
// Imported by path: the package index would bring zod into every shop page.
import type { OutgoingMessage } from '../../../packages/contracts/src/outgoing.ts';

/** `sending` until the server stores it (ack or pushed event); `failed` with a code after that. */
export type PendingMessage = OutgoingMessage;

export type TimelineEntry =
  | { kind: 'event'; key: string; event: InteractionEvent }
  | { kind: 'pending'; key: string; message: PendingMessage };

export interface ChatLogSnapshot {
  events: InteractionEvent[];
  pending: PendingMessage[];
}

/**
 * The customer's view of one chat: events merged from sync pages and live pushes, each shown
 * once and in seq order, plus the messages the customer sent that the server has not stored.
 */
export class ChatLog {
  private readonly events = new Map<number, InteractionEvent>();
  // Insertion order is send order, which is the order pending bubbles are shown and resent in.
  private readonly pending = new Map<string, PendingMessage>();
  private position: QueuePosition | null = null;

  constructor(snapshot?: ChatLogSnapshot) {
    if (snapshot === undefined) return;
    for (const message of snapshot.pending) this.pending.set(message.clientMessageId, message);
    this.merge(snapshot.events);
  }

  /** The highest seq seen; the next sync asks for what comes after it. */
  get lastSeq(): number {
    let max = 0;
    for (const seq of this.events.keys()) max = Math.max(max, seq);
    return max;
  }

  /** The chat is over for the customer once it ended or they left. */
  get ended(): boolean {
    for (const event of this.events.values()) {
      if (event.type === 'ended' || event.type === 'customer.left') return true;
    }
    return false;
  }

  /** The server closed the interaction: no more events will come. */
  get closed(): boolean {
    for (const event of this.events.values()) if (event.type === 'ended') return true;
    return false;
  }

  /** "You are number N in line", only while nobody has joined and the chat is open. */
  get queuePosition(): QueuePosition | null {
    return this.position;
  }

  /**
   * While the chat is with the virtual assistant: the questions it offers as buttons and
   * whether "Talk to an agent" is one; null once it handed over (or never had the chat).
   */
  get assistant(): { choices: string[]; offerAgent: boolean } | null {
    let current: { choices: string[]; offerAgent: boolean } | null = null;
    for (const event of this.sorted()) {
      if (event.type === 'assistant.replied') {
        current = { choices: event.choices, offerAgent: event.offerAgent };
      } else if (
        event.type === 'assistant.handed-over' ||
        event.type === 'queued' ||
        event.type === 'ended' ||
        event.type === 'customer.left'
      ) {
        current = null;
      }
    }
    return current;
  }

  /** Names of the agents in the chat now, in the order they joined. */
  agentsPresent(): string[] {
    const names: string[] = [];
    for (const event of this.sorted()) {
      if (event.type === 'agent.joined') names.push(event.agent.name);
      if (event.type === 'agent.left') {
        const index = names.indexOf(event.agent.name);
        if (index >= 0) names.splice(index, 1);
      }
    }
    return names;
  }

  /** Adds synced or pushed events; returns whether anything was new. */
  merge(events: readonly InteractionEvent[]): boolean {
    let changed = false;
    for (const event of events) {
      if (event.type === 'message') this.pending.delete(event.clientMessageId);
      if (this.events.has(event.seq)) continue;
      this.events.set(event.seq, event);
      if (event.type === 'agent.joined' || event.type === 'ended') this.position = null;
      changed = true;
    }
    return changed;
  }

  setQueuePosition(position: QueuePosition): void {
    this.position = this.ended || this.agentsPresent().length > 0 ? null : position;
  }

  /** Shows a message the customer just sent until the server confirms it. */
  addPending(clientMessageId: string, text: string): void {
    this.pending.set(clientMessageId, { clientMessageId, text, status: 'sending', error: null });
  }

  markSending(clientMessageId: string): void {
    this.update(clientMessageId, { status: 'sending', error: null });
  }

  /** `error`: the code the message list shows in the customer's language. */
  markFailed(clientMessageId: string, error: string): void {
    this.update(clientMessageId, { status: 'failed', error });
  }

  getPending(clientMessageId: string): PendingMessage | undefined {
    return this.pending.get(clientMessageId);
  }

  /** Messages to (re)send after a (re)connect; failed ones wait for the customer's retry. */
  unsent(): PendingMessage[] {
    return [...this.pending.values()].filter((message) => message.status === 'sending');
  }

  entries(): TimelineEntry[] {
    const confirmed: TimelineEntry[] = this.sorted().map((event) => ({
      kind: 'event',
      // A customer's message keeps the key of its pending bubble, so the view swaps it in place.
      key:
        event.type === 'message' && event.author.kind === 'customer'
          ? `m:${event.clientMessageId}`
          : `e:${event.seq}`,
      event,
    }));
    const pending: TimelineEntry[] = [...this.pending.values()].map((message) => ({
      kind: 'pending',
      key: `m:${message.clientMessageId}`,
      message,
    }));
    return [...confirmed, ...pending];
  }

  snapshot(): ChatLogSnapshot {
    return { events: this.sorted(), pending: [...this.pending.values()] };
  }

  private sorted(): InteractionEvent[] {
    return [...this.events.values()].sort((a, b) => a.seq - b.seq);
  }

  private update(clientMessageId: string, change: Pick<PendingMessage, 'status' | 'error'>): void {
    const message = this.pending.get(clientMessageId);
    if (message !== undefined) this.pending.set(clientMessageId, { ...message, ...change });
  }
}
