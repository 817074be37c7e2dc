import type { Ack, ErrorBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';

type CommandTable = Record<string, { payload: z.ZodType; result: z.ZodType }>;

export type Handlers<T extends CommandTable> = {
  [K in keyof T]: (payload: z.infer<T[K]['payload']>) => Promise<z.input<T[K]['result']>>;
};

export interface BindOptions {
  log: Logger;
  /** Runs before every command, known or not (session still valid, rate limits); throw to refuse. */
  admit?: (command: string) => void | Promise<void>;
}

/**
 * Binds every command of a contract table to its handler: the payload is validated, the ack is
 * `{ ok: true, …result }` after the handler's transaction committed, or `{ ok: false, error }`.
 * Unknown events are answered with UNKNOWN_EVENT, never ignored silently. Nothing a client sends
 * can throw past this boundary: every failure becomes an error ack.
 */
export function bindCommands<T extends CommandTable>(
  socket: Socket,
  table: T,
  handlers: Handlers<T>,
  { log, admit }: BindOptions,
): void {
  // Commands start in the order they arrived: a message whose admission waits (a settings read)
  // must not let the socket's next message overtake it (R-CH-3). Only admission is chained;
  // handlers run concurrently, and the group commit keeps the order they were called in.
  let admitted: Promise<unknown> = Promise.resolve();
  socket.onAny((name: unknown, ...args: unknown[]) => {
    const ack =
      typeof args.at(-1) === 'function' ? (args.at(-1) as (reply: Ack<object>) => void) : null;
    const reply = (response: Ack<object>) => {
      try {
        if (ack) ack(response);
        else socket.emit('command:error', response);
      } catch (error) {
        log.warn({ err: error, command: name }, 'socket reply failed');
      }
    };
    const turn = admitted.then(() => admit?.(String(name)));
    admitted = turn.catch(() => undefined);
    // The payload is the first argument unless the client sent only an ack.
    void run(name, args.length > (ack ? 1 : 0) ? args[0] : undefined, reply, turn);
  });

  async function run(
    name: unknown,
    payload: unknown,
    reply: (response: Ack<object>) => void,
    turn: Promise<unknown>,
  ) {
    try {
      await turn;
      // Own keys only: `toString` or `__proto__` must not reach Object.prototype.
      if (typeof name !== 'string' || !Object.hasOwn(table, name)) {
        throw new AppError('UNKNOWN_EVENT', `Unknown event "${String(name).slice(0, 64)}"`);
      }
      const command = name as keyof T & string;
      const parsed = table[command]!.payload.safeParse(payload ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const message = issue
          ? `${issue.path.join('.') || 'payload'}: ${issue.message}`
          : 'Invalid payload';
        throw new AppError('VALIDATION_FAILED', message);
      }
      const result = await handlers[command](parsed.data as z.infer<T[typeof command]['payload']>);
      reply({ ok: true, ...(result as object) });
    } catch (error) {
      reply({ ok: false, error: toErrorBody(error, log, name) });
    }
  }
}

function toErrorBody(error: unknown, log: Logger, command: unknown): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  log.error({ err: error, command }, 'socket command failed');
  return { code: 'INTERNAL', message: 'Something went wrong on our side' };
}
