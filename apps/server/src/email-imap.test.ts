import type { AdminEmailAddress, AdminQueue, Offer } from '@sangdam/contracts';
import { dovecotInstalled, startDovecot, type Dovecot } from '@sangdam/mail/test/dovecot.ts';
import { createPostgresDatabase, engines } from '@sangdam/store/test/test-databases.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../test/test-server.ts';
import { imapLockClass } from './services/email/imap-pollers.ts';

const secretKey = 'test-mail-secret-key-of-at-least-32-chars';
/** Short intervals: a new mailbox is picked up within 200 ms, a lost connection retried in 100 ms. */
const imap = {
  rescanEveryMs: 200,
  source: { pollIntervalMs: 500, retryDelayMs: 200, reconnectDelayMs: { initial: 100, max: 500 } },
};

let dovecot: Dovecot;
let users = 0;

async function newMailbox(password = 'imap-secret-pw') {
  const user = `desk${++users}`;
  await dovecot.addUser(user, password);
  return user;
}

function mail(subject: string, messageId: string) {
  return [
    'From: =?UTF-8?B?6rmA7ZWY64KY?= <hana@example.com>',
    'To: help@shop.example',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    '주문한 물건이 아직 오지 않았어요.',
    '',
  ].join('\r\n');
}

/** Admin → email addresses, over the API of a running server. */
async function asAdmin(server: TestServer) {
  const { cookie, session } = await server.login('admin@sangdam.local');
  const headers = { cookie, 'x-csrf-token': session.csrfToken };
  const queues = (await (await server.request('/api/v1/admin/queues', { headers })).json()) as {
    queues: AdminQueue[];
  };
  const emailQueue = queues.queues.find((q) => q.channel === 'email')!;
  return {
    addMailbox: async (address: string, user: string, password: string) => {
      const response = await server.request('/api/v1/admin/email-addresses', {
        method: 'POST',
        headers,
        json: {
          address,
          displayName: 'Shop help',
          queueId: emailQueue.id,
          imap: {
            host: dovecot.host,
            port: dovecot.imapPort,
            tls: false,
            user,
            password,
            folder: 'INBOX',
          },
        },
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { emailAddress: AdminEmailAddress }).emailAddress;
    },
    /** Keeps the address, without a mailbox. */
    dropMailbox: async (address: AdminEmailAddress) => {
      const response = await server.request(`/api/v1/admin/email-addresses/${address.id}`, {
        method: 'PUT',
        headers,
        json: {
          address: address.address,
          displayName: address.displayName,
          queueId: address.queue.id,
          imap: null,
        },
      });
      expect(response.status).toBe(200);
    },
    list: async () => {
      const response = await server.request('/api/v1/admin/email-addresses', { headers });
      expect(response.status).toBe(200);
      return ((await response.json()) as { emailAddresses: AdminEmailAddress[] }).emailAddresses;
    },
    /** The same mailbox with another password. */
    setPassword: async (address: AdminEmailAddress, password: string) => {
      const { status: _status, ...mailbox } = address.imap!;
      const response = await server.request(`/api/v1/admin/email-addresses/${address.id}`, {
        method: 'PUT',
        headers,
        json: {
          address: address.address,
          displayName: address.displayName,
          queueId: address.queue.id,
          imap: { ...mailbox, password },
        },
      });
      expect(response.status).toBe(200);
    },
    remove: async (id: string) => {
      const response = await server.request(`/api/v1/admin/email-addresses/${id}`, {
        method: 'DELETE',
        headers,
      });
      expect(response.status).toBe(204);
    },
  };
}

const storedCount = (server: TestServer, messageId: string) =>
  server.sangdam.database.db
    .selectFrom('emailMessages')
    .select('id')
    .where('messageId', '=', messageId)
    .execute()
    .then((rows) => rows.length);

/**
 * IMAP mailboxes read by the server (R-EM-1) against a real Dovecot (packages/mail/test):
 * a mailbox an admin adds while the server runs is read, its mail offered to an agent and
 * marked \Seen, a restart stores nothing twice, and errors are logged without the password.
 */
describe.skipIf(!dovecotInstalled)('IMAP mailboxes', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    dovecot = await startDovecot();
  }, 30_000);
  afterAll(() => dovecot?.stop());

  describe.each(engines)('on %s', (engine) => {
    const servers: TestServer[] = [];
    let dataDir: string | undefined;
    let databaseUrl: string | undefined;
    let logged = '';

    /**
     * A server on this test's database (the same one again after a restart); `persistent` puts
     * PGlite in a folder, so that it survives the restart (in memory it starts faster).
     */
    async function start({ persistent = false } = {}) {
      const logs = new PassThrough();
      logs.on('data', (chunk: Buffer) => (logged += chunk.toString()));
      if (engine === 'pglite' && persistent)
        dataDir ??= mkdtempSync(join(tmpdir(), 'sangdam-imap-'));
      else databaseUrl ??= await createPostgresDatabase();
      const server = await startTestServer(
        engine,
        {
          MAIL_SECRET_KEY: secretKey,
          ...(dataDir && { DATA_DIR: dataDir }),
          ...(databaseUrl && { DATABASE_URL: databaseUrl }),
        },
        { imap, logger: pino({ level: 'info' }, logs) },
      );
      servers.push(server);
      return server;
    }

    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      dataDir = undefined;
      databaseUrl = undefined;
      logged = '';
    });

    it('reads a mailbox an admin adds, offers its mail to an agent, marks it \\Seen, and stores it once across a restart', async () => {
      let server = await start({ persistent: true });
      const user = await newMailbox();
      const { addMailbox } = await asAdmin(server);
      const { cookie } = await server.login('agent1@sangdam.local');
      const { client: agent } = await server.agentSocket(cookie);
      ok(await agent.send('presence:set', { state: 'available' }));

      // Added while the server runs: no restart needed.
      const address = await addMailbox(`help-${engine}@shop.example`, user, 'imap-secret-pw');
      await dovecot.deliver(user, mail('배송 문의', `first-${engine}@example.com`));

      const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email', 15_000);
      expect(offer).toMatchObject({
        channel: 'email',
        customer: { name: '김하나', email: 'hana@example.com' },
        queue: { name: 'Email support' },
      });
      await expect
        .poll(async () => [...(await dovecot.flags(user)).values()], { timeout: 10_000 })
        .toEqual([['\\Seen']]);
      expect(await storedCount(server, `first-${engine}@example.com`)).toBe(1);
      const checkpoint = await server.sangdam.database.db
        .selectFrom('imapCheckpoints')
        .selectAll()
        .where('emailAddressId', '=', address.id)
        .executeTakeFirstOrThrow();
      expect(Number(checkpoint.lastUid)).toBe(1);

      // A crash after the commit, before \Seen and the checkpoint: the restarted server reads the
      // UID again and the database says it is stored already.
      await server.close();
      servers.splice(servers.indexOf(server), 1);
      const raw = await startTestServer(engine, {
        ...(dataDir && { DATA_DIR: dataDir }),
        ...(databaseUrl && { DATABASE_URL: databaseUrl }),
        SANGDAM_ROLES: 'web',
      });
      await raw.sangdam.database.db.deleteFrom('imapCheckpoints').execute();
      await raw.close();

      server = await start({ persistent: true });
      await dovecot.deliver(user, mail('두 번째', `second-${engine}@example.com`));
      await expect
        .poll(() => storedCount(server, `second-${engine}@example.com`), { timeout: 15_000 })
        .toBe(1);
      expect(await storedCount(server, `first-${engine}@example.com`)).toBe(1);
      const contacts = await server.sangdam.database.db
        .selectFrom('interactions')
        .select('id')
        .where('emailAddressId', '=', address.id)
        .execute();
      expect(contacts).toHaveLength(2);
      await expect
        .poll(async () => [...(await dovecot.flags(user)).values()], { timeout: 10_000 })
        .toEqual([['\\Seen'], ['\\Seen']]);
      expect(logged).not.toContain('imap-secret-pw');
    });

    it('logs a wrong password without it, keeps reading the other mailbox, and lets go of a mailbox removed or unset', async () => {
      const server = await start();
      const good = await newMailbox();
      const bad = await newMailbox('the-real-password');
      const admin = await asAdmin(server);
      const broken = await admin.addMailbox(
        `broken-${engine}@shop.example`,
        bad,
        'a-wrong-password-42',
      );
      const working = await admin.addMailbox(`help-${engine}@shop.example`, good, 'imap-secret-pw');
      await dovecot.deliver(bad, mail('lost', `bad-${engine}@example.com`));
      await dovecot.deliver(good, mail('fine', `good-${engine}@example.com`));

      await expect
        .poll(() => storedCount(server, `good-${engine}@example.com`), { timeout: 15_000 })
        .toBe(1);
      const failures = () =>
        logged
          .split('\n')
          .filter((line) => line.includes(broken.id) && line.includes('"msg":"IMAP mailbox"'));
      await expect.poll(() => failures().length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(logged).not.toContain('a-wrong-password-42');
      expect(await storedCount(server, `bad-${engine}@example.com`)).toBe(0);

      // Changed by the admin: the node lets go of them without a restart.
      expect(server.sangdam.imapPollers.polling.sort()).toEqual([broken.id, working.id].sort());
      await admin.remove(broken.id);
      await admin.dropMailbox(working);
      await expect.poll(() => server.sangdam.imapPollers.polling, { timeout: 15_000 }).toEqual([]);
    });
    it('shows admins when each mailbox was last read and its last problem, without the password', async () => {
      const server = await start();
      const good = await newMailbox();
      const bad = await newMailbox('the-real-password');
      const admin = await asAdmin(server);
      const broken = await admin.addMailbox(
        `broken-${engine}@shop.example`,
        bad,
        'a-wrong-password-42',
      );
      const working = await admin.addMailbox(`help-${engine}@shop.example`, good, 'imap-secret-pw');
      expect(broken.imap?.status).toEqual({ lastSuccessAt: null, lastProblem: null });

      const statusOf = async (id: string) =>
        (await admin.list()).find((address) => address.id === id)?.imap?.status;
      await expect
        .poll(async () => (await statusOf(broken.id))?.lastProblem?.code, { timeout: 15_000 })
        .toBe('auth-failed');
      await expect
        .poll(async () => (await statusOf(working.id))?.lastSuccessAt ?? null, { timeout: 15_000 })
        .not.toBeNull();
      expect((await statusOf(working.id))?.lastProblem).toBeNull();
      const failed = (await statusOf(broken.id))!;
      expect(failed.lastSuccessAt).toBeNull();
      expect(failed.lastProblem?.detail).not.toBe('');
      expect(JSON.stringify(await admin.list())).not.toContain('a-wrong-password-42');

      // The admin fixes the password: the status starts again, and the next read is newer than
      // any problem (the old reader may still fail once before the rescan stops it).
      await admin.setPassword(broken, 'the-real-password');
      await expect
        .poll(async () => (await statusOf(broken.id))?.lastSuccessAt ?? null, { timeout: 15_000 })
        .not.toBeNull();
      const fixed = (await statusOf(broken.id))!;
      expect(fixed.lastProblem === null || fixed.lastProblem.at < fixed.lastSuccessAt!).toBe(true);
    });
  });

  describe.runIf(engines.includes('postgres'))('two nodes on one PostgreSQL', () => {
    const servers: TestServer[] = [];
    afterAll(() => Promise.all(servers.map((server) => server.close())));

    it('only one node reads a mailbox; when its lock connection dies or it stops, one other reader takes over', async () => {
      const url = await createPostgresDatabase();
      const env = { MAIL_SECRET_KEY: secretKey, DATABASE_URL: url };
      const first = await startTestServer('postgres', env, { imap });
      const second = await startTestServer('postgres', env, { imap });
      servers.push(first, second);
      const user = await newMailbox();
      const address = await (
        await asAdmin(first)
      ).addMailbox('shared@shop.example', user, 'imap-secret-pw');

      const readers = () =>
        [first, second].filter((server) => server.sangdam.imapPollers.polling.includes(address.id));
      await expect.poll(() => readers().length, { timeout: 5000 }).toBe(1);
      // Several rescans later it is still one.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(readers()).toHaveLength(1);
      await dovecot.deliver(user, mail('one', 'shared-1@example.com'));
      await expect
        .poll(() => storedCount(first, 'shared-1@example.com'), { timeout: 15_000 })
        .toBe(1);

      // The lock holder's connection dies (as when its process is killed): PostgreSQL drops the
      // lock at once, the node stops reading, and exactly one node reads again.
      const holder = async () =>
        (
          await sql<{ pid: number }>`select pid from pg_locks
            where locktype = 'advisory' and classid = ${imapLockClass} and granted`.execute(
            first.sangdam.database.db,
          )
        ).rows.map((row) => row.pid);
      const [before] = await holder();
      await sql`select pg_terminate_backend(${before!})`.execute(first.sangdam.database.db);
      await expect
        .poll(async () => (await holder()).filter((pid) => pid !== before), { timeout: 5000 })
        .toHaveLength(1);
      await expect.poll(() => readers().length, { timeout: 5000 }).toBe(1);
      await dovecot.deliver(user, mail('after', 'shared-after@example.com'));
      await expect
        .poll(() => storedCount(first, 'shared-after@example.com'), { timeout: 15_000 })
        .toBe(1);

      const [reader] = readers();
      const other = reader === first ? second : first;
      await reader!.close();
      servers.splice(servers.indexOf(reader!), 1);
      await expect
        .poll(() => other.sangdam.imapPollers.polling, { timeout: 5000 })
        .toContain(address.id);
      await dovecot.deliver(user, mail('two', 'shared-2@example.com'));
      await expect
        .poll(() => storedCount(other, 'shared-2@example.com'), { timeout: 15_000 })
        .toBe(1);
      expect(await storedCount(other, 'shared-1@example.com')).toBe(1);
    });
  });
});
