// N agents signed in over HTTP and N customers chatting with them over Socket.IO against a
// Sangdam in another process: the whole journey up to the accepted chat, as the desktop and
// widget do it.
import type { InteractionEvent, Offer, StartChatResponse } from '@sangdam/contracts';
import { namespaces } from '@sangdam/contracts';
import type { Socket } from 'socket.io-client';
import type { Conversation, DeliveryTracker, LoggedMessage } from './chat-load.ts';
import { agentPassword } from './chat-server-process.ts';
import { chatSide, command, mapLimit, openSocket, reportMessages } from './chat-sockets.ts';

const acceptWaitMs = 120_000;
// Reading the logs back follows the max-rate run: the server may still be catching up.
const syncWaitMs = 60_000;
// Logins cost a scrypt each: a few at a time keeps the thread pool busy without a pile-up.
const setupConcurrency = 8;

/** Signs the agents in, starts one chat per agent and waits until each is accepted. */
export async function openSangdamConversations(
  url: string,
  agentEmails: readonly string[],
  tracker: DeliveryTracker,
  sockets: Socket[],
): Promise<Conversation[]> {
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

  await mapLimit(agentEmails, setupConcurrency, async (email) => {
    const response = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: agentPassword }),
    });
    if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status}`);
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
    await response.body?.cancel();
    const socket = await openSocket(
      `${url}${namespaces.agent}`,
      { extraHeaders: { cookie } },
      sockets,
    );
    reportMessages(socket, 'agent', tracker);
    socket.on('offer:new', (offer: Offer) => {
      command(socket, 'offer:accept', { offerId: offer.id })
        .then(() => acceptance(offer.interactionId).resolve(socket))
        .catch((error: unknown) => console.error(`accepting ${offer.id} failed:`, error));
    });
    await command(socket, 'presence:set', { state: 'available' });
  });

  const count = Array.from({ length: agentEmails.length }, (_, index) => index + 1);
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
    reportMessages(customer, 'customer', tracker);
    const agent = await withTimeout(
      acceptance(chat.interactionId).socket,
      acceptWaitMs,
      `chat ${chat.interactionId} was not accepted within ${acceptWaitMs} ms`,
    );
    return {
      id: chat.interactionId,
      customer: chatSide(customer, (clientMessageId, text) => ({ clientMessageId, text })),
      agent: chatSide(agent, (clientMessageId, text) => ({
        interactionId: chat.interactionId,
        clientMessageId,
        text,
      })),
      storedLog: () => readLog(agent, chat.interactionId),
    };
  });
}

/** The chat's whole stored log as the agent reads it (`interaction:sync` pages from seq 0). */
async function readLog(agent: Socket, interactionId: string): Promise<LoggedMessage[]> {
  const log: LoggedMessage[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await command<{ events: InteractionEvent[]; more: boolean }>(
      agent,
      'interaction:sync',
      { interactionId, afterSeq },
      syncWaitMs,
    );
    for (const event of page.events) {
      log.push({
        seq: event.seq,
        clientMessageId: event.type === 'message' ? (event.clientMessageId ?? null) : null,
      });
      afterSeq = event.seq;
    }
    if (!page.more) return log;
  }
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
