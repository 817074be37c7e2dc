import type { ErrorBody } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';

type Handshake = Socket['handshake'];

/**
 * A Socket.IO middleware around `admit`: the socket connects when it resolves. Whatever it
 * throws — synchronously or not — refuses only this connection with `connect_error`, whose
 * message is the error code; nothing a client sends can end the process.
 */
export function handshake<S extends Socket>(log: Logger, admit: (socket: S) => Promise<void>) {
  return (socket: S, next: (error?: Error) => void) => {
    const refuse = (error: unknown) => {
      const body: ErrorBody =
        error instanceof AppError
          ? error.toBody()
          : { code: 'INTERNAL', message: 'Something went wrong on our side' };
      if (!(error instanceof AppError)) log.error({ err: error }, 'socket handshake failed');
      next(Object.assign(new Error(body.code), { data: body }));
    };
    try {
      admit(socket).then(() => next(), refuse);
    } catch (error) {
      refuse(error);
    }
  };
}

/** True when a browser's `Origin` names the host it connected to; absent for non-browsers. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === host;
}

/** The client's address, from `X-Forwarded-For` only when Sangdam runs behind a trusted proxy. */
export function clientAddress(handshake: Handshake, trustProxy: boolean): string {
  const forwarded = handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first : handshake.address;
}

/** setTimeout's longest delay (about 24.8 days); a longer session is caught by the check. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * An agent's socket lives no longer than its session: at `expiresAt` it is told
 * (`session:ended`) and closed, and a command arriving after that is refused. Signing out,
 * deactivation and password changes close sockets through the `session` push instead.
 */
export function expireWithSession(socket: Socket, expiresAt: Date, clock: () => Date) {
  const end = () => {
    socket.emit('session:ended', {});
    socket.disconnect(true);
  };
  const timer = setTimeout(end, Math.min(maxTimerMs, expiresAt.getTime() - clock().getTime()));
  socket.once('disconnect', () => clearTimeout(timer));
  return () => {
    if (clock() < expiresAt) return;
    setImmediate(end); // after the refusal below has been sent
    throw new AppError('UNAUTHENTICATED', 'Your session has ended; please sign in again');
  };
}
