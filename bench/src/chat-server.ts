// The server side of the chat benchmark, in a process of its own so that its CPU is measured
// apart from the load generator's: Sangdam, the bare Socket.IO relay, or the durable relay.
// Started by chat-journey.bench.ts (see chat-server-process.ts); talks to it over IPC.
import { createSangdam } from '@sangdam/server/src/app.ts';
import { hashPassword } from '@sangdam/server/src/auth/passwords.ts';
import { loadConfig } from '@sangdam/server/src/config.ts';
import { addTeamMembers, insertUser, openDatabase, type OpenDatabase } from '@sangdam/store';
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import {
  agentPassword,
  type ServerKind,
  type ServerReady,
  type ServerUsage,
} from './chat-server-process.ts';
import { startRelay, type Append } from './relay-server.ts';

async function startSangdam(databaseUrl: string | null, agents: number) {
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    PORT: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  });
  const sangdam = await createSangdam(config);
  // All benchmark customers come from one address and write fast; the limits are not measured.
  await sangdam.rateLimits.saveCustomerLimits({
    chatStartsPerIpPerMinute: 100_000,
    messagesPerChatPerMinute: 100_000,
    requestsPerIpPerMinute: 100_000,
  });
  const { db } = sangdam.database;
  const team = await db
    .selectFrom('teams')
    .select('id')
    .where('name', '=', 'Customer care')
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(agentPassword);
  const ids = [];
  const agentEmails = [];
  for (let n = 1; n <= agents; n++) {
    const email = `bench-agent-${n}@sangdam.local`;
    ids.push(
      (await insertUser(db, { email, displayName: `Agent ${n}`, role: 'agent', passwordHash })).id,
    );
    agentEmails.push(email);
  }
  await addTeamMembers(db, team.id, ids);
  const url = await sangdam.app.listen({ port: 0, host: '127.0.0.1' });
  return { url, agentEmails, close: () => sangdam.close() };
}

/** The durable relay's storage: one INSERT per message, numbered by a sequence. */
async function openRelayStore(
  databaseUrl: string | null,
): Promise<{ append: Append; close(): Promise<void> }> {
  const open: OpenDatabase = await openDatabase(
    databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: null },
  );
  // Numbered per chat, as Sangdam numbers its chats: the relay gives each chat's messages their
  // seqs in arrival order (this process is the chat's only writer) and stores each with one INSERT.
  await sql`create table relay_messages (
    chat text not null,
    seq int not null,
    client_message_id text not null,
    text text not null,
    at timestamptz not null default now(),
    primary key (chat, seq),
    unique (chat, client_message_id))`.execute(open.db);
  const lastSeq = new Map<string, number>();
  return {
    append: async (chat, clientMessageId, text) => {
      const seq = (lastSeq.get(chat) ?? 0) + 1;
      lastSeq.set(chat, seq);
      await sql`insert into relay_messages (chat, seq, client_message_id, text)
        values (${chat}, ${seq}, ${clientMessageId}, ${text})`.execute(open.db);
      return seq;
    },
    close: () => open.close(),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      kind: { type: 'string' },
      'database-url': { type: 'string' },
      agents: { type: 'string', default: '0' },
    },
  });
  const kind = values.kind as ServerKind;
  const databaseUrl = values['database-url'] ?? null;
  let started: { url: string; agentEmails: string[]; close(): Promise<void> };
  if (kind === 'sangdam') {
    started = await startSangdam(databaseUrl, Number(values.agents));
  } else {
    const store = kind === 'durable' ? await openRelayStore(databaseUrl) : null;
    const relay = await startRelay(store?.append);
    started = {
      url: relay.url,
      agentEmails: [],
      close: async () => {
        await relay.close();
        await store?.close();
      },
    };
  }
  process.on('message', (message: string) => {
    if (message === 'usage') {
      const { rss, heapUsed } = process.memoryUsage();
      process.send!({
        type: 'usage',
        cpu: process.cpuUsage(),
        rss,
        heapUsed,
      } satisfies ServerUsage);
    } else if (message === 'stop') {
      void started.close().finally(() => process.exit(0));
    }
  });
  process.send!({
    type: 'ready',
    url: started.url,
    agentEmails: started.agentEmails,
  } satisfies ServerReady);
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
