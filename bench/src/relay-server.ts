// The baselines: a plain Socket.IO server that forwards each message to the peer's room and acks
// it, with no validation and no authentication — bare (no storage), or durable (one INSERT per
// message, then forward: `append`). It has the same namespaces, rooms, events and payload shape
// as Sangdam, so only Sangdam's work differs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import type { Conversation, DeliveryTracker } from './chat-load.ts';
import { chatSide, mapLimit, openSocket, reportMessages } from './chat-sockets.ts';

const agentRoom = (agentId: string) => `agent:${agentId}`;
const customerRoom = (conversationId: string) => `customer:${conversationId}`;

interface RelayMessage {
  clientMessageId: string;
  text: string;
}

/**
 * Stores one message durably and answers its seq (the durable relay): seqs are the chat's own,
 * given in the order of the calls (the call takes its seq before it first waits).
 */
export type Append = (
  conversationId: string,
  clientMessageId: string,
  text: string,
) => Promise<number>;

/** Starts the relay on a free loopback port; with `append`, each message is stored first. */
export async function startRelay(
  append?: Append,
): Promise<{ url: string; close(): Promise<void> }> {
  const httpServer = createServer();
  const io = new Server(httpServer, { maxHttpBufferSize: 1e6 });
  const agents = io.of('/agent');
  const customers = io.of('/customer');
  let counter = 0;
  /** Per conversation, the last message's delivery: the next one is pushed after it. */
  const tails = new Map<string, Promise<void>>();
  const event = async (conversationId: string, message: RelayMessage, author: object) => ({
    type: 'message',
    interactionId: conversationId,
    seq: append ? await append(conversationId, message.clientMessageId, message.text) : ++counter,
    at: new Date().toISOString(),
    clientMessageId: message.clientMessageId,
    author,
    text: message.text,
  });
  /**
   * Stores the message at once (inserts run concurrently) and pushes and acks it after the
   * conversation's previous message, so that each side sees a conversation's seqs ascending.
   */
  const relay = (
    conversationId: string,
    message: RelayMessage,
    author: object,
    push: (pushed: object) => void,
    ack: (reply: object) => void,
  ) => {
    const stored = event(conversationId, message, author);
    const previous = tails.get(conversationId) ?? Promise.resolve();
    const delivered = previous.then(() =>
      stored.then(
        (pushed) => {
          push(pushed);
          ack({ ok: true, event: pushed });
        },
        (error: unknown) => ack(failed(error)),
      ),
    );
    tails.set(conversationId, delivered);
    void delivered.then(() => {
      if (tails.get(conversationId) === delivered) tails.delete(conversationId);
    });
  };

  customers.on('connection', (socket) => {
    const { conversationId, agentId } = socket.handshake.auth as {
      conversationId: string;
      agentId: string;
    };
    const author = { kind: 'customer', id: null, name: `Customer ${conversationId}` };
    void socket.join(customerRoom(conversationId));
    socket.on('message:send', (message: RelayMessage, ack: (reply: object) => void) => {
      relay(
        conversationId,
        message,
        author,
        (pushed) => agents.to(agentRoom(agentId)).emit('interaction:event', pushed),
        ack,
      );
    });
  });
  agents.on('connection', (socket) => {
    const { agentId } = socket.handshake.auth as { agentId: string };
    const author = { kind: 'agent', id: agentId, name: `Agent ${agentId}` };
    void socket.join(agentRoom(agentId));
    socket.on(
      'message:send',
      (message: RelayMessage & { interactionId: string }, ack: (reply: object) => void) => {
        relay(
          message.interactionId,
          message,
          author,
          (pushed) =>
            customers.to(customerRoom(message.interactionId)).emit('interaction:event', pushed),
          ack,
        );
      },
    );
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => io.close(),
  };
}

const failed = (error: unknown) => ({
  ok: false,
  error: { code: 'STORE_FAILED', message: error instanceof Error ? error.message : String(error) },
});

/** N agents and N customers connected to the relay in pairs, like Sangdam's accepted chats. */
export async function openRelayConversations(
  url: string,
  customers: number,
  tracker: DeliveryTracker,
  sockets: Socket[],
): Promise<Conversation[]> {
  const ids = Array.from({ length: customers }, (_, index) => String(index + 1));
  return mapLimit(ids, 8, async (id) => {
    const agentId = `agent-${id}`;
    const agent = await openSocket(`${url}/agent`, { auth: { agentId } }, sockets);
    const customer = await openSocket(
      `${url}/customer`,
      { auth: { conversationId: id, agentId } },
      sockets,
    );
    reportMessages(agent, 'agent', tracker);
    reportMessages(customer, 'customer', tracker);
    return {
      id,
      customer: chatSide(customer, (clientMessageId, text) => ({ clientMessageId, text })),
      agent: chatSide(agent, (clientMessageId, text) => ({
        interactionId: id,
        clientMessageId,
        text,
      })),
    };
  });
}
