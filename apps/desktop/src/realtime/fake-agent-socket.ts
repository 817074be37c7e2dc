import type { InteractionEvent } from '@sangdam/contracts';
import type { AgentSocket } from './agent-socket.ts';

type Handler = (...args: never[]) => void;
type CommandHandler = (payload: never) => unknown;

/**
 * A stand-in for the agent namespace in tests: records emits, answers commands from a table,
 * and lets a test push server events. It speaks the same ack shape as the server.
 */
export class FakeAgentSocket {
  connected = false;
  active = false;
  readonly emitted: { name: string; payload: unknown }[] = [];
  private readonly handlers = new Map<string, Handler[]>();

  constructor(private readonly commands: Record<string, CommandHandler>) {}

  asSocket(): AgentSocket {
    return this as unknown as AgentSocket;
  }

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((candidate) => candidate !== handler),
    );
    return this;
  }

  connect(): this {
    this.connected = true;
    this.active = true;
    return this;
  }

  disconnect(): this {
    this.drop('io client disconnect');
    return this;
  }

  timeout(_ms: number) {
    return {
      emitWithAck: async (name: string, payload: unknown) => {
        this.emitted.push({ name, payload });
        const handler = this.commands[name];
        if (!handler) return { ok: false, error: { code: 'UNKNOWN_EVENT', message: name } };
        try {
          const result = (await handler(payload as never)) as object;
          return { ok: true, ...result };
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          return { ok: false, error: { code: error.code, message: error.message } };
        }
      },
    };
  }

  /** Pushes a server event to the desktop. */
  push(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? [])
      (handler as (...a: unknown[]) => void)(...args);
  }

  drop(reason = 'transport close'): void {
    this.connected = false;
    this.push('disconnect', reason);
  }

  emittedOf(name: string): unknown[] {
    return this.emitted.filter((emit) => emit.name === name).map((emit) => emit.payload);
  }
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A command handler that refuses, as the server's ack does. */
export function refuse(code: string, message = code): never {
  throw new Refusal(code, message);
}

/** Serves `interaction:sync` from a list of events, `pageSize` at a time. */
export function syncFrom(events: readonly InteractionEvent[], pageSize = 500) {
  return ({ interactionId, afterSeq }: { interactionId: string; afterSeq: number }) => {
    const after = events.filter((e) => e.interactionId === interactionId && e.seq > afterSeq);
    return { events: after.slice(0, pageSize), more: after.length > pageSize };
  };
}
