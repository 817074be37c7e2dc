import type { AdminEmailAddress, AdminQueue } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { parsedMail, smtpOrigin } from '../test/mail.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { openMailSecret } from './auth/mail-secrets.ts';
import { ingestMail } from './services/email/ingest.ts';

const secretKey = 'test-mail-secret-key-of-at-least-32-chars';

/** Admin → email addresses (issue 11): each routes mail to an email queue; IMAP passwords sealed. */
describe.each(engines)('email addresses on %s', (engine) => {
  let server: TestServer;
  afterEach(() => server.close());

  async function asAdmin(env: Record<string, string> = { MAIL_SECRET_KEY: secretKey }) {
    server = await startTestServer(engine, env);
    const { cookie, session } = await server.login('admin@sangdam.local');
    const headers = { cookie, 'x-csrf-token': session.csrfToken };
    const call = (method: string, path: string, json?: unknown) =>
      server.request(`/api/v1/admin/email-addresses${path}`, { method, headers, json });
    const queues = (await (await server.request('/api/v1/admin/queues', { headers })).json()) as {
      queues: AdminQueue[];
    };
    const emailQueue = queues.queues.find((q) => q.channel === 'email')!;
    const chatQueue = queues.queues.find((q) => q.channel === 'chat')!;
    return { call, emailQueue, chatQueue };
  }

  const imap = { host: 'imap.example.com', port: 993, tls: true, user: 'sales', folder: 'INBOX' };

  it('adds, lists, changes and deletes an address; the IMAP password is stored sealed', async () => {
    const { call, emailQueue } = await asAdmin();
    const created = await call('POST', '', {
      address: 'Sales@Example.COM',
      displayName: 'Example Sales',
      queueId: emailQueue.id,
      imap: { ...imap, password: 'hunter2-imap' },
    });
    expect(created.status).toBe(201);
    const { emailAddress } = (await created.json()) as { emailAddress: AdminEmailAddress };
    expect(emailAddress).toMatchObject({
      address: 'sales@example.com',
      displayName: 'Example Sales',
      queue: { id: emailQueue.id },
      imap,
    });
    expect(JSON.stringify(emailAddress)).not.toContain('hunter2');
    const row = await server.sangdam.database.db
      .selectFrom('emailAddresses')
      .selectAll()
      .where('id', '=', emailAddress.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('hunter2');
    expect(openMailSecret(secretKey, row.imapPasswordSealed!)).toBe('hunter2-imap');

    // Without a password the stored one is kept.
    const updated = await call('PUT', `/${emailAddress.id}`, {
      address: 'sales@example.com',
      displayName: 'Sales',
      queueId: emailQueue.id,
      imap: { ...imap, port: 143, tls: false },
    });
    expect(updated.status).toBe(200);
    const after = await server.sangdam.database.db
      .selectFrom('emailAddresses')
      .select('imapPasswordSealed')
      .where('id', '=', emailAddress.id)
      .executeTakeFirstOrThrow();
    expect(openMailSecret(secretKey, after.imapPasswordSealed!)).toBe('hunter2-imap');

    const list = (await (await call('GET', '')).json()) as { emailAddresses: AdminEmailAddress[] };
    expect(list.emailAddresses.map((a) => a.address)).toEqual([
      'sales@example.com',
      'support@sangdam.local',
    ]);
    expect((await call('DELETE', `/${emailAddress.id}`)).status).toBe(204);
    expect((await call('DELETE', `/${emailAddress.id}`)).status).toBe(404);
  });

  it('refuses a taken address, a chat queue, an IMAP password without a key, and deleting one in use', async () => {
    const { call, emailQueue, chatQueue } = await asAdmin({});
    const body = {
      address: 'support@sangdam.local',
      displayName: '',
      queueId: emailQueue.id,
      imap: null,
    };
    const taken = await call('POST', '', body);
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'EMAIL_ADDRESS_TAKEN' });
    const chat = await call('POST', '', {
      ...body,
      address: 'x@example.com',
      queueId: chatQueue.id,
    });
    expect(await chat.json()).toMatchObject({ code: 'QUEUE_NOT_EMAIL' });
    const noKey = await call('POST', '', {
      ...body,
      address: 'x@example.com',
      imap: { ...imap, password: 'secret' },
    });
    expect(await noKey.json()).toMatchObject({ code: 'MAIL_SECRET_KEY_MISSING' });
    const invalid = await call('POST', '', { ...body, address: 'not an address' });
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });

    await ingestMail(server.sangdam.deps, parsedMail(), smtpOrigin());
    const list = (await (await call('GET', '')).json()) as { emailAddresses: AdminEmailAddress[] };
    const inUse = await call('DELETE', `/${list.emailAddresses[0]!.id}`);
    expect(inUse.status).toBe(409);
    expect(await inUse.json()).toMatchObject({ code: 'IN_USE' });
  });

  it('keeps a queue an email address routes to from being deleted', async () => {
    const { emailQueue } = await asAdmin();
    const { cookie, session } = await server.login('admin@sangdam.local');
    const response = await server.request(`/api/v1/admin/queues/${emailQueue.id}`, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'IN_USE' });
  });

  it('is changed by admins only', async () => {
    await asAdmin();
    const { cookie } = await server.login('agent1@sangdam.local');
    const response = await server.request('/api/v1/admin/email-addresses', { headers: { cookie } });
    expect(response.status).toBe(403);
    // Supervisors read the configuration, and change none of it.
    const supervisor = await server.login('supervisor@sangdam.local');
    const headers = { cookie: supervisor.cookie, 'x-csrf-token': supervisor.session.csrfToken };
    expect((await server.request('/api/v1/admin/email-addresses', { headers })).status).toBe(200);
    const write = await server.request('/api/v1/admin/email-addresses', {
      method: 'POST',
      headers,
      json: { address: 'a@example.com', displayName: '', queueId: crypto.randomUUID(), imap: null },
    });
    expect(write.status).toBe(403);
  });
});
