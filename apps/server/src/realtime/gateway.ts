import fastifyCookie from '@fastify/cookie';
import { createAdapter } from '@socket.io/postgres-adapter';
import { agentCommands, customerCommands, namespaces } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { findInteractionByCustomerToken } from '@sangdam/store';
import type { Server as HttpServer } from 'node:http';
import type pg from 'pg';
import { Server, type DefaultEventsMap, type Namespace } from 'socket.io';
import { PacketType } from 'socket.io-parser';
import { hashToken } from '../auth/tokens.ts';
import { sessionCookie } from '../http/auth-hooks.ts';
import { resolveSession, type SignedIn } from '../services/admin/accounts.ts';
import { sendMessage, syncEvents } from '../services/chat/chat.ts';
import { ConnectionTracker, type ConnectionTiming } from '../services/interactions/connections.ts';
import type { Deps } from '../services/deps.ts';
import { agentSnapshot, leaveByCustomer } from '../services/interactions/lifecycle.ts';
import type { Publisher, Push } from '../services/outbox.ts';
import type { RateLimits } from '../services/rate-limits.ts';
import { signInPresence } from '../services/interactions/presence.ts';
import { presentEventForCustomer } from '../services/interactions/presenters.ts';
import { QueuePositionFeed, queuePositionOf } from '../services/interactions/queue-position.ts';
import { changesLivePicture, SupervisorFeed } from '../services/supervisor/feed.ts';
import { askForAgent } from '../services/chat/virtual-assistant.ts';
import { canSupervise, watchLiveView } from '../services/supervisor/snapshot.ts';
import {
  broadcastLocally,
  clusterNotification,
  notifyInTransaction,
  type ClusterNotification,
} from './cluster-notify.ts';
import { bindCommands } from './commands.ts';
import { broadcastToOtherNodes, type RedisFanOut } from './redis-fan-out.ts';
import { clientAddress, expireWithSession, handshake, sameOrigin } from './handshake.ts';
import { handOverHandlers, interactionHandlers, presenceHandlers } from './handlers/agent.ts';

/** What a socket carries after its handshake: the agent's session or the customer's chat. */
interface SocketData {
  signedIn: SignedIn;
  interactionId: string;
}

const agentRoom = (userId: string) => `agent:${userId}`;
const customerRoom = (interactionId: string) => `customer:${interactionId}`;
const supervisorsRoom = 'supervisors';
/** Every signed-in desktop: configuration changes go here. */
const agentsRoom = 'agents';
const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;

/**
 * `nsp.to(room).emit(event, payload)`, but awaitable: the PostgreSQL and Redis adapters resolve
 * once they have published the packet to the other nodes (the in-memory adapter delivers at once).
 */
async function broadcast(nsp: Namespace, room: string, event: string, payload: unknown) {
  const sent = nsp.adapter.broadcast(
    { type: PacketType.EVENT, data: [event, payload] },
    { rooms: new Set([room]), except: new Set(), flags: {} },
  ) as Promise<void> | undefined;
  await sent;
}

/** The live views' refreshes, as the composition root and tests see them. */
export interface LiveFeeds {
  /** Resolves once no refresh is scheduled or running. */
  idle(): Promise<void>;
  /** Stops pending refreshes (before the database closes). */
  stop(): Promise<void>;
}

/**
 * Socket.IO: the agent namespace (session cookie) and the customer namespace (chat token). Pushes
 * cross nodes through Redis when `redis` is given, otherwise through PostgreSQL when `pool` is
 * (one node on the embedded database has no other nodes).
 */
export function createGateway(
  httpServer: HttpServer,
  deps: Omit<Deps, 'publisher'>,
  {
    pool,
    redis,
    rateLimits,
    trustProxy,
    timing,
  }: {
    pool: pg.Pool | null;
    redis: RedisFanOut | null;
    rateLimits: RateLimits;
    trustProxy: boolean;
    timing: ConnectionTiming;
  },
): {
  io: Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
  publisher: Publisher;
  liveFeeds: LiveFeeds;
  connections: ConnectionTracker;
} {
  const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>(
    httpServer,
    {
      // The widget connects from customers' sites with its chat token and no cookies, so any
      // origin may connect, but never with credentials: the desktop is same-origin.
      cors: { origin: '*', credentials: false },
      maxHttpBufferSize: 1e6,
      // Reconnecting clients catch up with `interaction:sync` from their last seq.
      connectionStateRecovery: undefined,
    },
  );
  if (redis) io.adapter(redis.adapter);
  else if (pool) io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments' }));
  const clustered = redis !== null || pool !== null;

  /** Which namespace and room a push goes to; pushes to one room keep their order. */
  const target = (push: Push): [Namespace, string] => {
    if (push.to === 'agent') return [io.of(namespaces.agent), agentRoom(push.userId)];
    if (push.to === 'supervisors') return [io.of(namespaces.agent), supervisorsRoom];
    if (push.to === 'agents') return [io.of(namespaces.agent), agentsRoom];
    if (push.to === 'session') return [io.of(namespaces.agent), sessionRoom(push.tokenHash)];
    return [io.of(namespaces.customer), customerRoom(push.interactionId)];
  };
  // The node that committed a change refreshes the live views; the others hear it from it.
  const refreshLiveViews = (pushes: readonly Push[]) => {
    if (pushes.some(changesLivePicture)) {
      supervisorFeed.request();
      positionFeed.request();
    }
  };
  const publisher: Publisher = {
    async publish(pushes) {
      const byRoom = new Map<string, { nsp: Namespace; room: string; inOrder: Push[] }>();
      for (const push of pushes) {
        const [nsp, room] = target(push);
        const key = `${nsp.name} ${room}`;
        const chain = byRoom.get(key) ?? { nsp, room, inOrder: [] };
        chain.inOrder.push(push);
        byRoom.set(key, chain);
      }
      await Promise.all(
        [...byRoom.values()].map(async ({ nsp, room, inOrder }) => {
          for (const push of inOrder) {
            await broadcast(nsp, room, push.event, push.payload);
            if (push.to === 'session') nsp.in(room).disconnectSockets(true);
          }
        }),
      );
      refreshLiveViews(pushes);
    },
    async publishWith(tx, pushes) {
      const targets = pushes.map((push) => ({ push, to: target(push) }));
      if (pushes.some((push) => push.to === 'session')) return null;
      if (redis) {
        // Redis is not in PostgreSQL's transaction: the other nodes hear right after the commit,
        // in one pipelined write, and the ack waits for it (this node's clients do not).
        return async () => {
          for (const { push, to } of targets) broadcastLocally(...to, push.event, push.payload);
          refreshLiveViews(pushes);
          const sent = await Promise.allSettled(
            targets.map(({ push, to }) => broadcastToOtherNodes(...to, push.event, push.payload)),
          );
          const failed = sent.find((result) => result.status === 'rejected');
          // Stored all the same; clients on other nodes catch up when they sync.
          if (failed) deps.log.error({ err: failed.reason }, 'Redis fan-out publish failed');
        };
      }
      if (pool) {
        const notifications = targets.map(({ push, to: [nsp, room] }) =>
          clusterNotification(nsp, room, push.event, push.payload),
        );
        if (notifications.some((notification) => notification === null)) return null;
        await notifyInTransaction(tx, notifications as ClusterNotification[]);
      }
      return () => {
        for (const { push, to } of targets) broadcastLocally(...to, push.event, push.payload);
        refreshLiveViews(pushes);
      };
    },
  };
  const full: Deps = { ...deps, publisher };
  const connections = new ConnectionTracker(full, timing);
  const agents = io.of(namespaces.agent);
  // With several nodes, what another node sent makes this node's memory of what clients hold
  // stale. One node (in-memory adapter) has no server-side events and needs none.
  const tellOtherNodes = (event: string) =>
    clustered ? () => agents.serverSideEmit(event) : undefined;
  const supervisorFeed = new SupervisorFeed(full, { onSent: tellOtherNodes('supervisor:sent') });
  const positionFeed = new QueuePositionFeed(full, { onSent: tellOtherNodes('positions:sent') });
  if (clustered) {
    agents.on('supervisor:sent', supervisorFeed.forget);
    agents.on('positions:sent', positionFeed.forget);
  }

  agents.use(
    handshake(deps.log, async (socket) => {
      // A browser on another site (or a sandboxed frame: `Origin: null`) never gets an agent socket.
      if (!sameOrigin(socket.handshake.headers.origin, socket.handshake.headers.host)) {
        throw new AppError('FORBIDDEN', 'Wrong origin');
      }
      const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
      const signedIn = await resolveSession(full, cookies[sessionCookie]);
      if (!signedIn) throw new AppError('UNAUTHENTICATED', 'Please sign in');
      socket.data.signedIn = signedIn;
    }),
  );
  agents.on('connection', (socket) => {
    const { user } = socket.data.signedIn;
    const agent = { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
    void socket.join([agentRoom(user.id), sessionRoom(socket.data.signedIn.tokenHash), agentsRoom]);
    const sessionLive = expireWithSession(socket, socket.data.signedIn.expiresAt, full.clock);
    // Counted before the snapshot goes out: a desktop that has its snapshot can be offered. An
    // agent signed out of routing while away comes back signed in (Idle) with a live session.
    const counted = connections
      .connected('agent', user.id)
      .then(() => signInPresence(full, user.id));
    socket.on('disconnect', () => connections.disconnected('agent', user.id));
    bindCommands(
      socket,
      agentCommands,
      {
        ...presenceHandlers(full, agent),
        ...interactionHandlers(full, agent),
        ...handOverHandlers(full, agent),
        'supervisor:subscribe': async () => {
          // In the room (with Redis, subscribed) before the read: no push slips between them.
          await socket.join(supervisorsRoom);
          await redis?.subscribed();
          return { snapshot: await watchLiveView(full, user) };
        },
      },
      { log: deps.log, admit: sessionLive },
    );
    if (canSupervise(user)) {
      void socket.join(supervisorsRoom);
      Promise.resolve(redis?.subscribed())
        .then(() => watchLiveView(full, user))
        .then((snapshot) => socket.emit('supervisor:snapshot', snapshot))
        .catch((error: unknown) => deps.log.error({ err: error }, 'supervisor snapshot failed'));
    }
    counted
      // With Redis, the rooms just joined are subscribed to before the snapshot is read.
      .then(() => redis?.subscribed())
      .then(() => agentSnapshot(full, user.id))
      .then((snapshot) => socket.emit('agent:snapshot', snapshot))
      .catch((error: unknown) => deps.log.error({ err: error }, 'agent snapshot failed'));
  });

  const customers = io.of(namespaces.customer);
  customers.use(
    handshake(deps.log, async (socket) => {
      await rateLimits.admitCustomer(clientAddress(socket.handshake, trustProxy), null);
      const token: unknown = socket.handshake.auth.token;
      const interaction =
        typeof token === 'string' && token.length <= 200
          ? await findInteractionByCustomerToken(full.db, hashToken(token))
          : undefined;
      if (!interaction) throw new AppError('INVALID_CUSTOMER_TOKEN', 'This chat is not available');
      socket.data.interactionId = interaction.id;
    }),
  );
  customers.on('connection', (socket) => {
    const { interactionId } = socket.data;
    const customer = { kind: 'customer' as const, interactionId };
    void socket.join(customerRoom(interactionId));
    const address = clientAddress(socket.handshake, trustProxy);
    void connections.connected('customer', interactionId);
    socket.on('disconnect', () => connections.disconnected('customer', interactionId));
    bindCommands(
      socket,
      customerCommands,
      {
        'message:send': async (input) => ({
          event: presentEventForCustomer(
            await sendMessage(full, customer, { ...input, interactionId }),
          )!,
        }),
        'assistant:hand-over': async () => {
          await askForAgent(full, interactionId);
          return {};
        },
        'chat:leave': async () => {
          await leaveByCustomer(full, interactionId);
          return {};
        },
        'interaction:sync': async ({ afterSeq }) => {
          const { events, more } = await syncEvents(full, customer, { interactionId, afterSeq });
          return { events: events.flatMap((event) => presentEventForCustomer(event) ?? []), more };
        },
      },
      { log: deps.log, admit: () => rateLimits.admitCustomer(address, interactionId) },
    );
    // With Redis, the chat's room is subscribed to before its position is read.
    Promise.resolve(redis?.subscribed())
      .then(() => queuePositionOf(full, interactionId))
      .then((position) => position && socket.emit('queue:position', position))
      .catch((error: unknown) => deps.log.error({ err: error }, 'queue position failed'));
  });

  const liveFeeds: LiveFeeds = {
    idle: async () => {
      await Promise.all([supervisorFeed.idle(), positionFeed.idle()]);
    },
    stop: async () => {
      await Promise.all([supervisorFeed.stop(), positionFeed.stop()]);
    },
  };
  return { io, publisher, liveFeeds, connections };
}
