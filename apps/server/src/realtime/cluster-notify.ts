import type { Executor } from '@sangdam/store';
import { preparedStatement } from '@sangdam/store';
import type { Namespace } from 'socket.io';
import { PacketType } from 'socket.io-parser';

/**
 * Broadcasts to the other nodes as `pg_notify` inside a transaction, so that they go out with
 * its commit (and never on rollback) instead of one autocommit round trip each after it (issue
 * 14). The other nodes' @socket.io/postgres-adapter must read them as its own broadcasts, so this
 * writes the adapter's internal message format — of version 0.5.0 (pinned in package.json; the
 * format is checked against the adapter's own in cluster-notify.test.ts):
 * `{ uid, nsp, type: BROADCAST, data: { packet, opts: { rooms, except, flags } } }`, as JSON, on
 * the channel `socket.io#<namespace>`.
 */

/** socket.io-adapter's MessageType.BROADCAST. */
const broadcastType = 3;
/** The adapter's default channel prefix (we do not set `channelPrefix`). */
const channelPrefix = 'socket.io';
/**
 * Above this the adapter sends a message through its attachments table (and binary ones always);
 * such a message is not sent this way.
 */
const payloadThreshold = 8000;

export interface ClusterNotification {
  channel: string;
  payload: string;
}

/** The adapter's message for `nsp.to(room).emit(event, payload)`; null when too large. */
export function clusterNotification(
  nsp: Namespace,
  room: string,
  event: string,
  payload: unknown,
): ClusterNotification | null {
  const message = {
    type: broadcastType,
    data: {
      packet: { type: PacketType.EVENT, data: [event, payload] },
      opts: { rooms: [room], except: [], flags: {} },
    },
    // Each node's adapter ignores messages with its own uid: this node delivers locally itself.
    uid: (nsp.adapter as unknown as { uid: string }).uid,
    nsp: nsp.name,
  };
  const text = JSON.stringify(message);
  if (Buffer.byteLength(text) > payloadThreshold) return null;
  return { channel: `${channelPrefix}#${nsp.name}`, payload: text };
}

/** Queues the notifications in the transaction, in order, in one statement. */
export async function notifyInTransaction(
  tx: Executor,
  notifications: readonly ClusterNotification[],
): Promise<void> {
  if (notifications.length === 0) return;
  const channels = notifications.map((n) => n.channel);
  const payloads = notifications.map((n) => n.payload);
  await tx.executeQuery(notifyStatement.with([channels, payloads]));
}

// unnest without ORDER BY yields the arrays' order; pg_notify keeps the calls' order.
const notifyStatement = preparedStatement(
  'sangdam_cluster_notify',
  `select pg_notify(t.channel, t.payload)
    from unnest($1::text[], $2::text[]) as t(channel, payload)`,
);

/** Delivers a broadcast to this node's sockets only (the other nodes heard it at commit). */
export function broadcastLocally(nsp: Namespace, room: string, event: string, payload: unknown) {
  void nsp.adapter.broadcast(
    { type: PacketType.EVENT, data: [event, payload] },
    { rooms: new Set([room]), except: new Set(), flags: { local: true } },
  );
}
