// A real Sangdam in this process, with N agents signed in over HTTP and N customers chatting
// with them over Socket.IO: the whole journey up to the accepted chat, as the desktop and
// widget do it.
import type { Offer, StartChatResponse } from '@sangdam/contracts';
import { namespaces } from '@sangdam/contracts';
import { createSangdam, type Sangdam } from '@sangdam/server/src/app.ts';
import { hashPassword } from '@sangdam/server/src/auth/passwords.ts';
import { loadConfig } from '@sangdam/server/src/config.ts';
import { addTeamMembers, insertUser } from '@sangdam/store';
import type { Socket } from 'socket.io-client';
import type { Conversation, DeliveryTracker } from './chat-load.ts';
import { chatSide, command, mapLimit, openSocket, reportMessages } from './chat-sockets.ts';

const password = 'bench-password';
const acceptWaitMs = 60_000;
// Logins cost a scrypt each: a few at a time keeps the thread pool busy without a pile-up.
const setupConcurrency = 8;

export interface SangdamUnderLoad {
  sangdam: Sangdam;
  conversations: Conversation[];
  close(): Promise<void>;
}

/** Starts Sangdam (PGlite in memory, or the given PostgreSQL) and opens N accepted chats. */
export async function startSangdamConversations(options: {
  customers: number;
  databaseUrl: string | null;
  tracker: DeliveryTracker;
}): Promise<SangdamUnderLoad> {
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    PORT: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
    ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
  });
  const sangdam = await createSangdam(config);
  // All benchmark customers come from one address and write fast; the limits are not measured.
  await sangdam.rateLimits.saveCustomerLimits({
    chatStartsPerIpPerMinute: 100_000,
    messagesPerChatPerMinute: 100_000,
    requestsPerIpPerMinute: 100_000,
  });
  const sockets: Socket[] = [];
  const close = async () => {
    for (const socket of sockets) socket.disconnect();
    await sangdam.close();
  };
  try {
    const url = await sangdam.app.listen({ port: 0, host: '127.0.0.1' });
    const conversations = await openConversations(sangdam, url, sockets, options);
    return { sangdam, conversations, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openConversations(
  sangdam: Sangdam,
  url: string,
  sockets: Socket[],
  options: { customers: number; tracker: DeliveryTracker },
): Promise<Conversation[]> {
  const { db } = sangdam.database;
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('name', '=', 'Customer care')
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(password);
  const count = Array.from({ length: options.customers }, (_, index) => index + 1);
  const agents = [];
  for (const n of count) {
    agents.push(
      await insertUser(db, {
        email: `bench-agent-${n}@sangdam.local`,
        displayName: `Bench Agent ${n}`,
        role: 'agent',
        passwordHash,
      }),
    );
  }
  await addTeamMembers(
    db,
    team.id,
    agents.map((agent) => agent.id),
  );

  // Offers reach whichever agent the router picks; each chat learns which socket took it.
  const acceptedBy = new Map<string, { socket: Promise<Socket>; resolve: (s: Socket) => void }>();
  const acceptance = (interactionId: string) => {
    let entry = acceptedBy.get(interactionId);
    if (!entry) {
      let resolve!: (s: Socket) => void;
      const socket = new Promise<Socket>((r) => (resolve = r));
      entry = { socket, resolve };
      acceptedBy.set(interactionId, entry);
    }
    return entry;
  };

  await mapLimit(agents, setupConcurrency, async (agent) => {
    const response = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: agent.email, password }),
    });
    if (!response.ok) throw new Error(`sign-in of ${agent.email} failed: ${response.status}`);
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
    await response.body?.cancel();
    const socket = await openSocket(
      `${url}${namespaces.agent}`,
      { extraHeaders: { cookie } },
      sockets,
    );
    reportMessages(socket, 'agent', options.tracker);
    socket.on('offer:new', (offer: Offer) => {
      command(socket, 'offer:accept', { offerId: offer.id })
        .then(() => acceptance(offer.interactionId).resolve(socket))
        .catch((error: unknown) => console.error(`accepting ${offer.id} failed:`, error));
    });
    await command(socket, 'presence:set', { state: 'available' });
  });

  return mapLimit(count, setupConcurrency, async (n) => {
    const response = await fetch(`${url}/api/v1/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench Customer ${n}`, email: `customer-${n}@example.com` }),
    });
    if (response.status !== 201) throw new Error(`start chat failed: ${await response.text()}`);
    const chat = (await response.json()) as StartChatResponse;
    const customer = await openSocket(
      `${url}${namespaces.customer}`,
      { auth: { token: chat.customerToken } },
      sockets,
    );
    reportMessages(customer, 'customer', options.tracker);
    const agent = await withTimeout(
      acceptance(chat.interactionId).socket,
      acceptWaitMs,
      `chat ${chat.interactionId} was not accepted within ${acceptWaitMs} ms`,
    );
    return {
      customer: chatSide(customer, (clientMessageId, text) => ({ clientMessageId, text })),
      agent: chatSide(agent, (clientMessageId, text) => ({
        interactionId: chat.interactionId,
        clientMessageId,
        text,
      })),
    };
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
