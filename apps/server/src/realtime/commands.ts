import type { Ack, ErrorBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';

type CommandTable = Record<string, { payload: z.ZodType; result: z.ZodType }>;

export type Handlers<T extends CommandTable> = {
  [K in keyof T]: (payload: z.infer<T[K]['payload']>) => Promise<z.input<T[K]['result']>>;
};

/**
 * Binds every command of a contract table to its handler: the payload is validated, the ack is
 * `{ ok: true, …result }` after the handler's transaction committed, or `{ ok: false, error }`.
 * Unknown events are answered with UNKNOWN_EVENT, never ignored silently.
 */
export function bindCommands<T extends CommandTable>(
  socket: Socket,
  table: T,
  handlers: Handlers<T>,
  log: Logger,
): void {
  for (const name of Object.keys(table)) {
    socket.on(name, async (...args: unknown[]) => {
      const ack =
        typeof args.at(-1) === 'function' ? (args.at(-1) as (reply: Ack<object>) => void) : null;
      const reply = (response: Ack<object>) =>
        ack ? ack(response) : socket.emit('command:error', response);
      const parsed = table[name]!.payload.safeParse(args[0] ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const message = issue
          ? `${issue.path.join('.') || 'payload'}: ${issue.message}`
          : 'Invalid payload';
        reply({ ok: false, error: { code: 'VALIDATION_FAILED', message } });
        return;
      }
      try {
        const command = name as keyof T;
        const result = await handlers[command](
          parsed.data as z.infer<T[typeof command]['payload']>,
        );
        reply({ ok: true, ...(result as object) });
      } catch (error) {
        reply({ ok: false, error: toErrorBody(error, log, name) });
      }
    });
  }
  socket.onAny((name: string, ...args: unknown[]) => {
    if (name in table) return;
    const ack = args.at(-1);
    const error: ErrorBody = { code: 'UNKNOWN_EVENT', message: `Unknown event "${name}"` };
    if (typeof ack === 'function') (ack as (reply: Ack<object>) => void)({ ok: false, error });
    else socket.emit('command:error', { ok: false, error });
  });
}

function toErrorBody(error: unknown, log: Logger, command: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  log.error({ err: error, command }, 'socket command failed');
  return { code: 'INTERNAL', message: 'Something went wrong on our side' };
}
