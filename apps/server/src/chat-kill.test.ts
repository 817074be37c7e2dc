import type { Ack, StartChatResponse } from '@sangdam/contracts';
import { namespaces } from '@sangdam/contracts';
import { openDatabase, type OpenDatabase } from '@sangdam/store';
import { createPostgresDatabase, pgliteTemplate } from '@sangdam/store/test/test-databases.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterNode } from '../test/cluster-nodes.ts';

const CHATS = 40;
const MESSAGES = 25;
/** Acked messages before the kill: every chat has one message waiting for its ack then. */
const KILL_AFTER = 300;
const ACK_WAIT_MS = 15_000;

/**
 * Issue 14's kill test, the chat half of email-kill.test.ts (R-CH-3): 40 customers write at once
 * to a node that group-commits their messages, one message in flight per chat, so batches are
 * always in flight; the node is SIGKILLed mid-run and restarted on the same database, and each
 * customer sends again, with the same clientMessageId, what got no ack. Afterwards every message
 * is stored exactly once, in the order it was written, and every chat's seq runs 1, 2, 3… without
 * a gap. PostgreSQL, and the embedded database restarted on the same data folder.
 */
describe.each(['postgres', 'pglite'] as const)(
  'a node killed while chat batches are in flight on %s',
  (engine) => {
    let node: ClusterNode | undefined;
    let open: OpenDatabase | undefined;
    const folders: string[] = [];
    const sockets: Socket[] = [];

    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await node?.kill();
      await open?.close();
      await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
    });

    it('loses no acked message and stores each once, seq without gaps', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'sangdam-chat-kill-'));
      folders.push(dataDir);
      const databaseUrl = engine === 'postgres' ? await createPostgresDatabase() : null;
      if (databaseUrl === null) {
        const embedded = await openDatabase({
          kind: 'pglite',
          dataDir,
          initialData: pgliteTemplate(),
        });
        await embedded.close();
      }
      const env: Record<string, string> = databaseUrl === null ? { DATA_DIR: dataDir } : {};
      node = await ClusterNode.start(0, databaseUrl, env);
      await liftCustomerLimits(node.url);
      const chats = await Promise.all(
        Array.from({ length: CHATS }, (_, n) => startChat(node!.url, n)),
      );

      let acked = 0;
      let inFlight = 0;
      let inFlightAtKill = -1;
      let restarted: Promise<ClusterNode> | null = null;
      const deadline = Date.now() + 240_000;
      const failures: string[] = [];

      /** One customer: sends its messages in order, each until acked, across the restart. */
      async function customer(chat: StartChatResponse, n: number): Promise<void> {
        let socket: Socket | null = null;
        for (let m = 0; m < MESSAGES;) {
          if (Date.now() > deadline) {
            failures.push(`chat ${n}: message ${m} still not acked at the deadline`);
            return;
          }
          const url = (await (restarted ?? node!)).url;
          socket ??= await connect(url, chat.customerToken).catch(() => null);
          inFlight++;
          const ack = socket
            ? await send(socket, { clientMessageId: `kill-${n}-${m}`, text: `Message ${m}` })
            : null;
          inFlight--;
          if (ack?.ok) {
            m++;
            acked++;
          } else if (ack) {
            failures.push(`chat ${n}: message ${m} refused: ${ack.error.code}`);
            return;
          } else {
            // The node died (or is starting again): the message is sent again, same id.
            socket?.disconnect();
            socket = null;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        socket?.disconnect();
      }

      async function connect(url: string, token: string): Promise<Socket> {
        const socket = io(`${url}${namespaces.customer}`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: { token },
        });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        return socket;
      }

      async function killer(): Promise<void> {
        while (acked < KILL_AFTER && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        inFlightAtKill = inFlight;
        await node!.kill();
        restarted = ClusterNode.start(1, databaseUrl, env);
        node = await restarted;
      }

      await Promise.all([killer(), ...chats.map((chat, n) => customer(chat, n))]);
      expect(failures).toEqual([]);
      expect(acked).toBe(CHATS * MESSAGES);
      // Killed mid-run, with messages of most chats sent and not yet acked.
      expect(inFlightAtKill).toBeGreaterThan(CHATS / 2);

      await node.kill();
      open =
        databaseUrl === null
          ? await openDatabase({ kind: 'pglite', dataDir })
          : await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
      const rows = await open.db
        .selectFrom('interactionEvents')
        .select(['interactionId', 'seq', 'clientMessageId'])
        .where(
          'interactionId',
          'in',
          chats.map((chat) => chat.interactionId),
        )
        .orderBy('interactionId')
        .orderBy('seq')
        .execute();
      const lastSeqs = await open.db
        .selectFrom('interactions')
        .select(['id', 'lastSeq'])
        .where(
          'id',
          'in',
          chats.map((chat) => chat.interactionId),
        )
        .execute();
      const problems: string[] = [];
      chats.forEach((chat, n) => {
        const log = rows.filter((row) => row.interactionId === chat.interactionId);
        const seqs = log.map((row) => row.seq);
        if (seqs.some((seq, index) => seq !== index + 1))
          problems.push(`chat ${n}: seq ${seqs.join()}`);
        const lastSeq = lastSeqs.find((row) => row.id === chat.interactionId)?.lastSeq;
        if (lastSeq !== seqs.length) problems.push(`chat ${n}: last_seq ${lastSeq}`);
        // Every message once, in the order the customer wrote them.
        const messages = log
          .map((row) => row.clientMessageId)
          .filter((id) => id?.startsWith('kill-'));
        const written = Array.from({ length: MESSAGES }, (_, m) => `kill-${n}-${m}`);
        if (messages.join() !== written.join()) problems.push(`chat ${n}: ${messages.join()}`);
      });
      expect(problems).toEqual([]);
    }, 300_000);
  },
);

/** The demo's customer limits would refuse this many messages a minute from one address. */
async function liftCustomerLimits(url: string): Promise<void> {
  const signIn = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@sangdam.local', password: 'sangdam-demo' }),
  });
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
  const saved = await fetch(`${url}/api/v1/admin/customer-limits`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      chatStartsPerIpPerMinute: 100_000,
      messagesPerChatPerMinute: 100_000,
      requestsPerIpPerMinute: 100_000,
    }),
  });
  expect(saved.status).toBe(200);
}

async function startChat(url: string, n: number): Promise<StartChatResponse> {
  const response = await fetch(`${url}/api/v1/chats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Kill test customer ${n}`, email: `kill-${n}@example.com` }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as StartChatResponse;
}

/** Sends a message: its ack, or null when the node is gone (or silent) before it acks. */
async function send(
  socket: Socket,
  payload: { clientMessageId: string; text: string },
): Promise<Ack<object> | null> {
  let onDisconnect = () => {};
  const gone = new Promise<null>((resolve) => (onDisconnect = () => resolve(null)));
  socket.once('disconnect', onDisconnect);
  try {
    return await Promise.race([
      socket
        .timeout(ACK_WAIT_MS)
        .emitWithAck('message:send', payload)
        .then(
          (ack) => ack as Ack<object>,
          () => null,
        ),
      gone,
    ]);
  } finally {
    socket.off('disconnect', onDisconnect);
  }
}
