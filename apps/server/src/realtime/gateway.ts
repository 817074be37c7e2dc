import fastifyCookie from '@fastify/cookie';
import { createAdapter } from '@socket.io/postgres-adapter';
import { agentCommands, customerCommands, namespaces } from '@sangdam/contracts';
import { findInteractionByCustomerToken } from '@sangdam/store';
import type { Server as HttpServer } from 'node:http';
import type pg from 'pg';
import { Server, type DefaultEventsMap, type Namespace } from 'socket.io';
import { PacketType } from 'socket.io-parser';
import { hashToken } from '../auth/tokens.ts';
import { sessionCookie } from '../http/auth-hooks.ts';
import { resolveSession, type SignedIn } from '../services/accounts.ts';
import { sendMessage, syncEvents } from '../services/chat.ts';
import type { Deps } from '../services/deps.ts';
import {
  acceptOffer,
  agentSnapshot,
  endByAgent,
  leaveByCustomer,
  submitWrapUp,
} from '../services/lifecycle.ts';
import type { Publisher, Push } from '../services/outbox.ts';
import { setPresence } from '../services/presence.ts';
import { presentEventForCustomer } from '../services/presenters.ts';
import { QueuePositionFeed, queuePositionOf } from '../services/queue-position.ts';
import { changesLivePicture, SupervisorFeed } from '../services/supervisor-feed.ts';
import { canSupervise, watchLiveView } from '../services/supervisor-snapshot.ts';
import { bindCommands } from './commands.ts';

/** What a socket carries after its handshake: the agent's session or the customer's chat. */
interface SocketData {
  signedIn: SignedIn;
  interactionId: string;
}

const agentRoom = (userId: string) => `agent:${userId}`;
const customerRoom = (interactionId: string) => `customer:${interactionId}`;
const supervisorsRoom = 'supervisors';
const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;

/**
 * `nsp.to(room).emit(event, payload)`, but awaitable: the PostgreSQL adapter resolves once it
 * has published the packet to the other nodes (the in-memory adapter delivers at once).
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

/** Socket.IO: the agent namespace (session cookie) and the customer namespace (chat token). */
export function createGateway(
  httpServer: HttpServer,
  deps: Omit<Deps, 'publisher'>,
  pool: pg.Pool | null,
): {
  io: Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
  publisher: Publisher;
  liveFeeds: LiveFeeds;
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
  if (pool) io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments' }));

  /** Which namespace and room a push goes to; pushes to one room keep their order. */
  const target = (push: Push): [Namespace, string] => {
    if (push.to === 'agent') return [io.of(namespaces.agent), agentRoom(push.userId)];
    if (push.to === 'supervisors') return [io.of(namespaces.agent), supervisorsRoom];
    if (push.to === 'session') return [io.of(namespaces.agent), sessionRoom(push.tokenHash)];
    return [io.of(namespaces.customer), customerRoom(push.interactionId)];
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
      // The node that committed a change refreshes the live views; the others hear it from it.
      if (pushes.some(changesLivePicture)) {
        supervisorFeed.request();
        positionFeed.request();
      }
    },
  };
  const full: Deps = { ...deps, publisher };
  const agents = io.of(namespaces.agent);
  // With several nodes, what another node sent makes this node's memory of what clients hold
  // stale. One node (in-memory adapter) has no server-side events and needs none.
  const tellOtherNodes = (event: string) => (pool ? () => agents.serverSideEmit(event) : undefined);
  const supervisorFeed = new SupervisorFeed(full, { onSent: tellOtherNodes('supervisor:sent') });
  const positionFeed = new QueuePositionFeed(full, { onSent: tellOtherNodes('positions:sent') });
  if (pool) {
    agents.on('supervisor:sent', supervisorFeed.forget);
    agents.on('positions:sent', positionFeed.forget);
  }

  agents.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (origin && new URL(origin).host !== socket.handshake.headers.host) {
      next(new Error('FORBIDDEN'));
      return;
    }
    const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
    resolveSession(full, cookies[sessionCookie])
      .then((signedIn) => {
        if (!signedIn) return next(new Error('UNAUTHENTICATED'));
        socket.data.signedIn = signedIn;
        next();
      })
      .catch((error: Error) => next(error));
  });
  agents.on('connection', (socket) => {
    const { user } = socket.data.signedIn;
    const agent = { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
    void socket.join([agentRoom(user.id), sessionRoom(socket.data.signedIn.tokenHash)]);
    bindCommands(
      socket,
      agentCommands,
      {
        'presence:set': async (input) => ({ presence: await setPresence(full, user.id, input) }),
        'offer:accept': async ({ offerId }) => ({
          interaction: await acceptOffer(full, agent, offerId),
        }),
        'message:send': async (input) => ({ event: await sendMessage(full, agent, input) }),
        'interaction:end': async ({ interactionId }) => ({
          interaction: await endByAgent(full, agent, interactionId),
        }),
        'wrapup:submit': async (input) => ({ interaction: await submitWrapUp(full, agent, input) }),
        'interaction:sync': (input) => syncEvents(full, agent, input),
        'supervisor:subscribe': async () => {
          const snapshot = await watchLiveView(full, user);
          await socket.join(supervisorsRoom);
          return { snapshot };
        },
      },
      deps.log,
    );
    if (canSupervise(user)) {
      void socket.join(supervisorsRoom);
      watchLiveView(full, user)
        .then((snapshot) => socket.emit('supervisor:snapshot', snapshot))
        .catch((error: unknown) => deps.log.error({ err: error }, 'supervisor snapshot failed'));
    }
    agentSnapshot(full, user.id)
      .then((snapshot) => socket.emit('agent:snapshot', snapshot))
      .catch((error: unknown) => deps.log.error({ err: error }, 'agent snapshot failed'));
  });

  const customers = io.of(namespaces.customer);
  customers.use((socket, next) => {
    const token: unknown = socket.handshake.auth.token;
    if (typeof token !== 'string' || token.length > 200)
      return next(new Error('INVALID_CUSTOMER_TOKEN'));
    findInteractionByCustomerToken(full.db, hashToken(token))
      .then((interaction) => {
        if (!interaction) return next(new Error('INVALID_CUSTOMER_TOKEN'));
        socket.data.interactionId = interaction.id;
        next();
      })
      .catch((error: Error) => next(error));
  });
  customers.on('connection', (socket) => {
    const { interactionId } = socket.data;
    const customer = { kind: 'customer' as const, interactionId };
    void socket.join(customerRoom(interactionId));
    bindCommands(
      socket,
      customerCommands,
      {
        'message:send': async (input) => ({
          event: presentEventForCustomer(
            await sendMessage(full, customer, { ...input, interactionId }),
          )!,
        }),
        'chat:leave': async () => {
          await leaveByCustomer(full, interactionId);
          return {};
        },
        'interaction:sync': async ({ afterSeq }) => {
          const { events, more } = await syncEvents(full, customer, { interactionId, afterSeq });
          return { events: events.flatMap((event) => presentEventForCustomer(event) ?? []), more };
        },
      },
      deps.log,
    );
    queuePositionOf(full, interactionId)
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
  return { io, publisher, liveFeeds };
}
