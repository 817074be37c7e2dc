// Issue 14: chat messages are group-committed. Messages sent in the same event-loop turn share one
// transaction; each chat's seq follows arrival order; a bad message fails alone; a clientMessageId
// repeated inside a batch is stored once.
import type { InteractionEvent } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { findInteraction, listEventsAfter, savePciPolicy } from '@sangdam/store';
import { connectDesktop } from '@sangdam/store/test/factories.ts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { sendMessage, startChat, type Actor } from './services/chat/chat.ts';
import { acceptOffer, leaveByCustomer } from './services/interactions/lifecycle.ts';
import { setPresence, signInPresence } from './services/interactions/presence.ts';

describe.each(engines)('group commit of chat messages on %s', (engine) => {
  let server: TestServer;
  let agent: Extract<Actor, { kind: 'agent' }>;
  beforeEach(async () => {
    server = await startTestServer(engine, { SANGDAM_ROLES: 'web,realtime' });
    const { deps, database } = server.sangdam;
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'displayName'])
      .where('email', '=', 'agent1@sangdam.local')
      .executeTakeFirstOrThrow();
    agent = { kind: 'agent', userId: user.id, displayName: user.displayName };
    await signInPresence(deps, user.id);
    await connectDesktop(database.db, user.id);
    await setPresence(deps, user.id, { state: 'available' });
  });
  afterEach(() => server.close());

  /** A chat accepted by agent1, and its customer. */
  async function acceptedChat(name: string) {
    const { deps, router, database } = server.sangdam;
    const chat = await startChat(deps, { name, email: 'batch@example.com' });
    router.request();
    await router.idle();
    const offer = await database.db
      .selectFrom('offers')
      .select('id')
      .where('interactionId', '=', chat.interactionId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    await acceptOffer(deps, agent, offer.id);
    const customer: Actor = { kind: 'customer', interactionId: chat.interactionId };
    return { interactionId: chat.interactionId, customer };
  }

  async function messagesOf(interactionId: string) {
    const events = await listEventsAfter(server.sangdam.database.db, interactionId, 0, 1000);
    events.forEach((event, index) => expect(event.seq).toBe(index + 1));
    // The entry point's greeting is a message too; these tests look at what people wrote.
    return events.filter(
      (event) => event.type === 'message' && (event.body.author as { kind: string }).kind !== 'bot',
    );
  }

  /** Counts the transactions the use cases open from now on. */
  function countTransactions() {
    return vi.spyOn(server.sangdam.deps.db, 'transaction');
  }

  it('numbers each chat’s messages in the order they arrived, under concurrent senders', async () => {
    const { deps } = server.sangdam;
    const chats = [await acceptedChat('Ari'), await acceptedChat('Bora')];
    const rounds = 40;
    const sent: Promise<InteractionEvent>[] = [];
    const order = new Map<string, string[]>();
    for (let round = 0; round < rounds; round++) {
      for (const chat of chats) {
        for (const [who, actor] of [
          ['customer', chat.customer],
          ['agent', agent],
        ] as const) {
          const clientMessageId = `${who}-${round}-${chat.interactionId}`;
          const key = `${who} ${chat.interactionId}`;
          order.set(key, [...(order.get(key) ?? []), clientMessageId]);
          sent.push(
            sendMessage(deps, actor, {
              interactionId: chat.interactionId,
              clientMessageId,
              text: `message ${round}`,
            }),
          );
        }
      }
      // Senders keep writing while earlier batches commit: later rounds join later batches.
      if (round % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    const acked = await Promise.all(sent);
    expect(acked).toHaveLength(rounds * 4);
    for (const chat of chats) {
      const stored = await messagesOf(chat.interactionId);
      expect(stored).toHaveLength(rounds * 2);
      for (const who of ['customer', 'agent']) {
        const ids = stored
          .map((event) => event.clientMessageId)
          .filter((id) => id?.startsWith(`${who}-`));
        expect(ids).toEqual(order.get(`${who} ${chat.interactionId}`));
      }
    }
  });

  it('fails a poisoned message alone and commits its batch-mates', async () => {
    const { deps, database } = server.sangdam;
    await savePciPolicy(database.db, 'chat', { action: 'drop', allowUnscannableAttachments: true });
    const open = await acceptedChat('Ari');
    const closed = await acceptedChat('Bora');
    await leaveByCustomer(deps, closed.interactionId);
    // The leave asked the router for a pass: its transactions are not the batches'.
    await server.sangdam.router.idle();
    const transactions = countTransactions();

    const send = (actor: Actor, interactionId: string, clientMessageId: string, text: string) =>
      sendMessage(deps, actor, { interactionId, clientMessageId, text });
    // A message its checks refuse writes nothing: the batch's one insert stores the others.
    const checked = await Promise.allSettled([
      send(open.customer, open.interactionId, 'hello', 'Hello'),
      send(closed.customer, closed.interactionId, 'closed-hello', 'Hello?'),
    ]);
    expect(checked.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(transactions).toHaveBeenCalledTimes(1);
    transactions.mockClear();

    const results = await Promise.allSettled([
      send(open.customer, open.interactionId, 'first-message', 'Where is my parcel?'),
      send(open.customer, open.interactionId, 'card-message', 'My card is 4111 1111 1111 1111'),
      send(closed.customer, closed.interactionId, 'closed-message', 'Hello again?'),
      // PostgreSQL refuses \u0000 in jsonb: the insert itself fails, after the checks passed.
      send(agent, open.interactionId, 'broken-insert', 'A \u0000 in the text'),
      send(agent, open.interactionId, 'last-message', 'It arrives on Friday.'),
    ]);

    // The batch's one insert failed on the broken text: rolled back, written again one by one.
    expect(transactions).toHaveBeenCalledTimes(2);
    const codes = results.map((result) =>
      result.status === 'fulfilled'
        ? 'stored'
        : result.reason instanceof AppError
          ? result.reason.code
          : 'database error',
    );
    expect(codes).toEqual([
      'stored',
      'MESSAGE_BLOCKED_SENSITIVE',
      'INTERACTION_ENDED',
      'database error',
      'stored',
    ]);
    const stored = await messagesOf(open.interactionId);
    expect(stored.map((event) => event.clientMessageId)).toEqual([
      'hello',
      'first-message',
      'last-message',
    ]);
    expect((await messagesOf(closed.interactionId)).map((e) => e.clientMessageId)).toEqual([]);
    // The dropped message's audit record is kept, with the batch.
    const audits = await database.db
      .selectFrom('auditEvents')
      .select(['action', 'interactionId'])
      .where('action', '=', 'pci.dropped')
      .execute();
    expect(audits).toEqual([{ action: 'pci.dropped', interactionId: open.interactionId }]);
  });

  it('stores a clientMessageId retried inside one batch once, and answers the same event across batches', async () => {
    const { deps } = server.sangdam;
    const chat = await acceptedChat('Ari');
    const input = {
      interactionId: chat.interactionId,
      clientMessageId: 'retried-message',
      text: 'Is anyone there?',
    };
    const transactions = countTransactions();
    const [first, retry, other] = await Promise.all([
      sendMessage(deps, chat.customer, input),
      sendMessage(deps, chat.customer, input),
      sendMessage(deps, chat.customer, { ...input, clientMessageId: 'next-message' }),
    ]);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(retry).toEqual(first);
    expect(other.seq).toBe(first.seq + 1);
    const later = await sendMessage(deps, chat.customer, input);
    expect(later.seq).toBe(first.seq);
    const stored = await messagesOf(chat.interactionId);
    expect(stored.map((event) => event.clientMessageId)).toEqual([
      'retried-message',
      'next-message',
    ]);
  });
  // PGlite is one connection: the next batch is what waits when the connection comes free.
  it.skipIf(engine === 'postgres')(
    'puts every message sent while the connection is busy into one next batch',
    async () => {
      const { deps, database } = server.sangdam;
      const chats = [await acceptedChat('Ari'), await acceptedChat('Bora')];
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const isHeld = new Promise<void>((resolve) => (held = resolve));
      const holder = database.db.transaction().execute(async (tx) => {
        await findInteraction(tx, chats[0]!.interactionId);
        held();
        await released;
      });
      await isHeld;
      const transactions = countTransactions();
      const sent: Promise<InteractionEvent>[] = [];
      // Each message in an event-loop turn of its own, all while the holder runs.
      for (let n = 0; n < 6; n++) {
        const chat = chats[n % 2]!;
        sent.push(
          sendMessage(deps, chat.customer, {
            interactionId: chat.interactionId,
            clientMessageId: `turn-${n}`,
            text: `turn ${n}`,
          }),
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      release();
      await holder;
      await Promise.all(sent);
      // The first message's batch was made when it came; every later one joined the next.
      expect(transactions).toHaveBeenCalledTimes(2);
      for (const [index, chat] of chats.entries()) {
        const stored = await messagesOf(chat.interactionId);
        expect(stored.map((event) => event.clientMessageId)).toEqual(
          [0, 1, 2, 3, 4, 5].filter((n) => n % 2 === index).map((n) => `turn-${n}`),
        );
      }
    },
  );

  // PGlite is one connection: a transaction waiting there holds it, so batches take turns.
  it.skipIf(engine === 'pglite')(
    'starts a second batch while one is in flight, without a chat’s messages in both',
    async () => {
      const { deps, database } = server.sangdam;
      const slow = await acceptedChat('Ari');
      const other = await acceptedChat('Bora');
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Another transaction holds the slow chat's row: the batch with its message waits.
      const holder = database.db.transaction().execute(async (tx) => {
        await findInteraction(tx, slow.interactionId, { lock: true });
        locked();
        await released;
      });
      await isLocked;
      const send = (chat: { interactionId: string; customer: Actor }, clientMessageId: string) =>
        sendMessage(deps, chat.customer, {
          interactionId: chat.interactionId,
          clientMessageId,
          text: clientMessageId,
        });
      const first = send(slow, 'slow-1');
      await new Promise((resolve) => setImmediate(resolve));
      const second = send(slow, 'slow-2');
      const settled = { second: false };
      void second.then(() => (settled.second = true));
      // The other chat's message commits while the first batch waits for the lock…
      const timeout = new Promise<'still waiting'>((resolve) =>
        setTimeout(() => resolve('still waiting'), 5000),
      );
      const otherOutcome = await Promise.race([
        send(other, 'other-1').then(() => 'stored'),
        timeout,
      ]);
      expect(otherOutcome).toBe('stored');
      // …and the slow chat's next message waits for its chat's batch, not in the second one.
      expect(settled.second).toBe(false);
      release();
      await holder;
      const [one, two] = await Promise.all([first, second]);
      expect(two.seq).toBe(one.seq + 1);
      const stored = await messagesOf(slow.interactionId);
      expect(stored.map((event) => event.clientMessageId)).toEqual(['slow-1', 'slow-2']);
    },
  );
});
