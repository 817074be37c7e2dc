import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { Namespace } from 'socket.io';
import { PacketType } from 'socket.io-parser';

/**
 * Fan-out between nodes through Redis sharded pub/sub (REDIS_URL, Redis ≥ 7): the Socket.IO
 * team's sharded adapter in its dynamic mode, where a broadcast to one room goes on that room's
 * own channel and a node subscribes to the channels of the rooms its sockets are in, so it hears
 * only those (server-side events and multi-room broadcasts use the namespace's channel, which
 * every node hears). PostgreSQL stays the store: Redis carries only pushes, after commit.
 */
export interface RedisFanOut {
  adapter: ReturnType<typeof createShardedAdapter>;
  /**
   * Resolves once every room subscription asked for so far is in place at Redis: a socket that
   * just joined its rooms gets its snapshot after that, so a push committed after the snapshot
   * was read cannot slip past.
   */
  subscribed(): Promise<void>;
  close(): Promise<void>;
}

/** Connects the publishing and subscribing connections; fails the start if Redis cannot be reached. */
export async function connectRedisFanOut(url: string, log: Logger): Promise<RedisFanOut> {
  let started = false;
  const pub = createClient({
    url,
    socket: {
      // At start an unreachable Redis stops the node with the error; later, reconnect with backoff
      // (subscriptions are renewed on reconnect).
      reconnectStrategy: (retries: number, cause: Error) =>
        started ? Math.min(100 * 2 ** retries, 5000) : cause,
    },
    // While Redis is away a publish fails at once rather than waiting in the client's queue: an
    // ack waits for its publish, and the message is stored in PostgreSQL all the same.
    disableOfflineQueue: true,
  });
  // Subscriptions asked for while Redis is away wait for it (the client renews them all).
  const sub = pub.duplicate({ disableOfflineQueue: false });
  for (const [role, client] of [
    ['publish', pub],
    ['subscribe', sub],
  ] as const) {
    client.on('error', (error: unknown) => {
      if (started) log.warn({ err: error, role }, 'Redis fan-out connection lost; reconnecting');
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw new Error(`Cannot reach Redis at REDIS_URL: ${(error as Error).message}`, {
      cause: error,
    });
  }
  started = true;

  const pending = new Set<Promise<unknown>>();
  /** The adapter drops these promises: keep them to wait on, and log rather than reject. */
  const track = (command: Promise<unknown>) => {
    const settled = command
      .catch((error: unknown) => log.error({ err: error }, 'Redis fan-out subscription failed'))
      .finally(() => pending.delete(settled));
    pending.add(settled);
    return settled;
  };
  // Only what the adapter calls on its subscribing connection (`redis` clients are recognised by
  // having `sSubscribe`).
  const subscriber = {
    sSubscribe: (
      channels: string | string[],
      listener: (message: Buffer, channel: Buffer) => void,
    ) => track(sub.sSubscribe(channels, listener, true)),
    sUnsubscribe: (channels: string | string[]) => track(sub.sUnsubscribe(channels)),
  };

  return {
    adapter: createShardedAdapter(pub, subscriber, { subscriptionMode: 'dynamic' }),
    subscribed: async () => {
      await Promise.all([...pending]);
    },
    close: async () => {
      started = false;
      await Promise.all([...pending]);
      await Promise.all([pub.close(), sub.close()]);
    },
  };
}

/** The part of socket.io-adapter's ClusterAdapter (a documented extension point) used here. */
interface ClusterPublisher {
  publishAndReturnOffset(message: {
    type: number;
    data: { packet: unknown; opts: { rooms: string[]; except: string[]; flags: object } };
  }): Promise<string>;
}

/** socket.io-adapter's MessageType.BROADCAST. */
const broadcastType = 3;

/**
 * Sends `nsp.to(room).emit(event, payload)` to the other nodes only (this node delivers to its
 * own clients itself); resolves once Redis has it. Calls made in one turn go out pipelined.
 */
export function broadcastToOtherNodes(
  nsp: Namespace,
  room: string,
  event: string,
  payload: unknown,
): Promise<string> {
  return (nsp.adapter as unknown as ClusterPublisher).publishAndReturnOffset({
    type: broadcastType,
    data: {
      packet: { type: PacketType.EVENT, data: [event, payload] },
      opts: { rooms: [room], except: [], flags: {} },
    },
  });
}
