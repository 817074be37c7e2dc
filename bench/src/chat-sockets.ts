// Socket.IO client plumbing shared by the Sangdam and bare-relay runs, so both are driven alike.
import type { Ack } from '@sangdam/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { SendError, type ChatSide, type DeliveryTracker, type Side } from './chat-load.ts';

const connectWaitMs = 15_000;
const ackWaitMs = 10_000;

/** A websocket-only client, resolved once connected (or rejected with the server's refusal). */
export function openSocket(
  url: string,
  options: Partial<ManagerOptions & SocketOptions>,
  opened: Socket[],
): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, ...options });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no connection to ${url} within ${connectWaitMs} ms`)),
      connectWaitMs,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Emits a command and returns its positive ack, or throws a SendError with the stable code. */
export async function command<T extends object>(
  socket: Socket,
  event: string,
  payload: object,
  waitMs = ackWaitMs,
): Promise<T> {
  let ack: Ack<T>;
  try {
    ack = (await socket.timeout(waitMs).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    throw new SendError('ACK_TIMEOUT', `no ack for ${event} within ${waitMs} ms`);
  }
  if (!ack.ok) throw new SendError(ack.error.code, ack.error.message);
  return ack;
}

/** One end of a conversation that sends `message:send` with the payload its protocol wants. */
export function chatSide(
  socket: Socket,
  payload: (clientMessageId: string, text: string) => object,
): ChatSide {
  return {
    send: async (clientMessageId, text) => {
      await command(socket, 'message:send', payload(clientMessageId, text));
    },
  };
}

/** Reports every pushed chat message this socket receives, as the given side, to the tracker. */
export function reportMessages(socket: Socket, side: Side, tracker: DeliveryTracker): void {
  socket.on(
    'interaction:event',
    (event: { type?: string; clientMessageId?: string; interactionId: string; seq: number }) => {
      if (event.type === 'message' && event.clientMessageId)
        tracker.received(event.clientMessageId, side, event.interactionId, event.seq);
    },
  );
}

/** Runs `work` over `items` with at most `limit` at a time, in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
