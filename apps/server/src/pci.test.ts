import type { InteractionEvent, Offer } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';

const pan = '4111111111111111';
const cardMessage = 'My card is 4111 1111 1111 1111, exp 12/27, cvv 123';

/** Every form the secret could rest in: as typed, and digits only. */
function leaks(text: string): boolean {
  return text.includes('4111 1111 1111 1111') || text.replace(/[^0-9]/g, '').includes(pan);
}

async function activeChat(server: TestServer) {
  const { cookie } = await server.login('agent1@sangdam.local');
  const { client: agent } = await server.agentSocket(cookie);
  await agent.send('presence:set', { state: 'available' });
  const chat = await server.startChat('Card Customer', 'card@example.com');
  const offer = await agent.next<Offer>('offer:new', (o) => o.interactionId === chat.interactionId);
  await agent.send('offer:accept', { offerId: offer.id });
  const customer = await server.customerSocket(chat.customerToken);
  return { agent, customer, chat };
}

/** All rows of all tables as text: the whole database, searched like an attacker would. */
async function dumpDatabase(server: TestServer): Promise<string> {
  const db = server.sangdam.database.db;
  const { rows } = await sql<{ tableName: string }>`
    select table_name from information_schema.tables where table_schema = 'public'`.execute(db);
  const parts: string[] = [];
  for (const { tableName } of rows) {
    const dump = await sql<{
      row: string;
    }>`select t::text as row from ${sql.table(tableName)} t`.execute(db);
    parts.push(...dump.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each(engines)('card data in chat on %s', (engine) => {
  let server: TestServer | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    server = undefined;
    dataDir = undefined;
  });

  it('masks a card number for both sides and leaves no trace in the database, event log or logs', async () => {
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    dataDir = engine === 'pglite' ? mkdtempSync(join(tmpdir(), 'sangdam-pci-')) : undefined;
    server = await startTestServer(engine, dataDir ? { DATA_DIR: dataDir } : {}, {
      logger: pino({ level: 'trace' }, logs),
    });
    const { agent, customer, chat } = await activeChat(server);

    const ack = await customer.send<{ event: InteractionEvent }>('message:send', {
      clientMessageId: randomUUID(),
      text: cardMessage,
    });
    if (!ack.ok) throw new Error(ack.error.message);
    const masked = 'My card is **** **** **** 1111, exp **/**, cvv ***';
    expect(ack.event).toMatchObject({
      text: masked,
      redactedTypes: ['CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV'],
    });
    const atAgent = await agent.next<InteractionEvent>(
      'interaction:event',
      (e) => e.seq === ack.event.seq,
    );
    expect(atAgent).toMatchObject({ text: masked });

    const audit = await server.sangdam.database.db
      .selectFrom('auditEvents')
      .select(['action', 'actorKind', 'detail'])
      .where('interactionId', '=', chat.interactionId)
      .execute();
    expect(audit).toEqual([
      {
        action: 'pci.redacted',
        actorKind: 'customer',
        detail: {
          channel: 'chat',
          field: 'chat.message',
          findings: { CREDIT_CARD: 1, CARD_EXPIRY: 1, CARD_CVV: 1 },
        },
      },
    ]);

    expect(leaks(await dumpDatabase(server))).toBe(false);
    expect(logged.length).toBeGreaterThan(0);
    expect(leaks(logged)).toBe(false);
    if (dataDir) {
      await server.close();
      server = undefined;
      // Raw database files: binary, so only the literal forms are searched.
      const onDisk = filesUnder(dataDir).filter((file) => {
        const bytes = readFileSync(file).toString('latin1');
        return bytes.includes(pan) || bytes.includes('4111 1111 1111 1111');
      });
      expect(onDisk).toEqual([]);
    }
  });

  it('lets only an admin switch the chat policy, and validates it', async () => {
    server = await startTestServer(engine);
    const agent = await server.login('agent1@sangdam.local');
    const admin = await server.login('admin@sangdam.local');
    const put = (who: typeof admin, body: unknown) =>
      server!.request('/api/v1/admin/pci-policies/chat', {
        method: 'PUT',
        json: body,
        headers: { cookie: who.cookie, 'x-csrf-token': who.session.csrfToken },
      });
    const drop = { action: 'drop', allowUnscannableAttachments: false };
    expect((await put(agent, drop)).status).toBe(403);
    const invalid = await put(admin, { action: 'shred', allowUnscannableAttachments: true });
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await (await put(admin, drop)).json()).toEqual({ channel: 'chat', ...drop });
    const read = await server.request('/api/v1/admin/pci-policies', {
      headers: { cookie: admin.cookie },
    });
    expect(await read.json()).toEqual({
      policies: [
        { channel: 'chat', ...drop },
        { channel: 'email', action: 'redact', allowUnscannableAttachments: true },
      ],
    });
  });

  it('blocks the whole message under the drop policy and tells the sender', async () => {
    server = await startTestServer(engine);
    await server.sangdam.database.db.updateTable('pciPolicies').set({ action: 'drop' }).execute();
    const { agent, customer, chat } = await activeChat(server);
    const ack = await customer.send('message:send', {
      clientMessageId: randomUUID(),
      text: cardMessage,
    });
    expect(ack).toEqual({
      ok: false,
      error: {
        code: 'MESSAGE_BLOCKED_SENSITIVE',
        message: 'Your message was not sent because it contained card or personal data',
      },
    });
    const fromAgent = await agent.send('message:send', {
      interactionId: chat.interactionId,
      clientMessageId: randomUUID(),
      text: `Your card ${pan} is on file`,
    });
    expect(fromAgent).toMatchObject({ ok: false, error: { code: 'MESSAGE_BLOCKED_SENSITIVE' } });
    expect(leaks(await dumpDatabase(server))).toBe(false);
    const actions = await server.sangdam.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('interactionId', '=', chat.interactionId)
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['pci.dropped', 'pci.dropped']);
  });
});
