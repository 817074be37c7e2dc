import { ImapFlow } from 'imapflow';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dovecotInstalled, startDovecot, type Dovecot } from '../test/dovecot.ts';
import {
  createImapSource,
  type ImapCheckpoint,
  type ImapProblem,
  type ImapSourceOptions,
} from './imap-source.ts';
import type { MailSource, ReceivedMail, SinkOutcome } from './types.ts';

// Against a real Dovecot (test/dovecot.ts): new mail, a failing sink, a dropped connection, a
// restart from the saved checkpoint.
let dovecot: Dovecot;
let userCount = 0;
const sources: MailSource[] = [];

async function newUser(): Promise<string> {
  const user = `support${++userCount}`;
  await dovecot.addUser(user, 'secret');
  return user;
}

function mail(subject: string): string {
  return `From: kim@example.kr\r\nTo: support@shop.example\r\nSubject: ${subject}\r\nMessage-ID: <${subject}-${Math.random()}@example.kr>\r\n\r\n${subject} 본문\r\n`;
}

/** A checkpoint kept in memory, as the server keeps it in its database. */
function memoryCheckpoint(initial?: ImapCheckpoint) {
  let value: ImapCheckpoint | undefined = initial;
  return {
    load: () => value,
    save: (next: ImapCheckpoint) => void (value = next),
    get value(): ImapCheckpoint | undefined {
      return value;
    },
  };
}

const subjectOf = (received: ReceivedMail) =>
  /^Subject: (.*)$/m.exec(Buffer.from(received.raw).toString('utf8'))?.[1]?.trim();

async function startSource(
  user: string,
  sink: (mail: ReceivedMail) => Promise<SinkOutcome>,
  extra: Partial<ImapSourceOptions> = {},
  checkpoint = memoryCheckpoint(),
) {
  const source = createImapSource({
    mailboxId: 'mbx-1',
    mailbox: { host: dovecot.host, port: dovecot.imapPort, tls: false, user, password: 'secret' },
    sink,
    checkpoint,
    pollIntervalMs: 300,
    retryDelayMs: 200,
    reconnectDelayMs: { initial: 100, max: 1000 },
    ...extra,
  });
  sources.push(source);
  await source.start();
  return { source, checkpoint };
}

describe.skipIf(!dovecotInstalled)('IMAP source against Dovecot', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    dovecot = await startDovecot();
  }, 30_000);
  afterAll(() => dovecot?.stop());
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.stop()));
  });

  it('hands new mail to the sink once, then marks it \\Seen and saves the checkpoint', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('first'));
    const received: ReceivedMail[] = [];
    // No polling to speak of: the second mail can only come through IDLE.
    const { checkpoint } = await startSource(
      user,
      (m) => (received.push(m), Promise.resolve({ status: 'stored' })),
      {
        pollIntervalMs: 60_000,
      },
    );
    await expect.poll(() => received.map(subjectOf), { timeout: 10_000 }).toEqual(['first']);
    await dovecot.deliver(user, mail('second'));
    await expect
      .poll(() => received.map(subjectOf), { timeout: 10_000 })
      .toEqual(['first', 'second']);
    expect(received[1]?.origin).toMatchObject({
      kind: 'imap',
      mailboxId: 'mbx-1',
      folder: 'INBOX',
      uid: 2,
    });
    await expect.poll(() => checkpoint.value?.lastUid, { timeout: 10_000 }).toBe(2);
    await expect
      .poll(async () => [...(await dovecot.flags(user)).values()], { timeout: 10_000 })
      .toEqual([['\\Seen'], ['\\Seen']]);
    // Nothing is handed twice while it keeps watching, and nothing is deleted.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(received).toHaveLength(2);
    expect((await dovecot.flags(user)).size).toBe(2);
  });

  it('leaves a message unseen when the sink fails, and fetches it again later', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('retry-me'));
    // The database stays down until the test says otherwise.
    let down = true;
    const attempts: (string | undefined)[] = [];
    const errors: string[] = [];
    const { checkpoint } = await startSource(
      user,
      (m) => {
        attempts.push(subjectOf(m));
        return down
          ? Promise.reject(new Error('database down'))
          : Promise.resolve({ status: 'stored' });
      },
      { onError: (error) => errors.push(error.message) },
    );
    await expect.poll(() => attempts.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect((await dovecot.flags(user)).get(1)).toEqual([]);
    expect(checkpoint.value).toBeUndefined();
    down = false;
    await expect
      .poll(async () => (await dovecot.flags(user)).get(1), { timeout: 10_000 })
      .toEqual(['\\Seen']);
    expect(checkpoint.value?.lastUid).toBe(1);
    expect(new Set(attempts)).toEqual(new Set(['retry-me']));
    expect(errors.length).toBe(attempts.length - 1);
    expect(new Set(errors)).toEqual(new Set(['database down']));
  });

  it('resumes after the server drops the connection (Dovecot restarted)', async () => {
    const user = await newUser();
    const received: ReceivedMail[] = [];
    await startSource(user, (m) => (received.push(m), Promise.resolve({ status: 'stored' })), {
      onError: () => {},
    });
    await dovecot.deliver(user, mail('before'));
    await expect.poll(() => received.map(subjectOf), { timeout: 10_000 }).toEqual(['before']);
    await dovecot.restart();
    await dovecot.deliver(user, mail('after'));
    await expect
      .poll(() => received.map(subjectOf), { timeout: 10_000 })
      .toEqual(['before', 'after']);
  });

  it('does not hand a message twice after a restart with the saved checkpoint', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('one'));
    await dovecot.deliver(user, mail('two'));
    const received: ReceivedMail[] = [];
    const sink = (m: ReceivedMail) => (
      received.push(m),
      Promise.resolve({ status: 'stored' } as const)
    );
    const first = await startSource(user, sink);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => first.checkpoint.value?.lastUid, { timeout: 10_000 }).toBe(2);
    await first.source.stop();
    // Someone marks them unseen again in their mail client: the UIDs are still below the checkpoint.
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      auth: { user, pass: 'secret' },
      logger: false,
    });
    await client.connect();
    await client.mailboxOpen('INBOX');
    await client.messageFlagsRemove('1:*', ['\\Seen']);
    await client.logout();
    await dovecot.deliver(user, mail('three'));
    await startSource(user, sink, {}, memoryCheckpoint(first.checkpoint.value));
    await expect
      .poll(() => received.map(subjectOf), { timeout: 10_000 })
      .toEqual(['one', 'two', 'three']);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(received).toHaveLength(3);
  });

  it('reports a changed UIDVALIDITY and reads the folder again from the start', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('kept'));
    const received: ReceivedMail[] = [];
    const changes: { previous: bigint; current: bigint }[] = [];
    await startSource(
      user,
      (m) => (received.push(m), Promise.resolve({ status: 'duplicate' })),
      { onUidValidityChange: (change) => changes.push(change) },
      memoryCheckpoint({ uidValidity: 1n, lastUid: 10 }),
    );
    await expect.poll(() => received.map(subjectOf), { timeout: 10_000 }).toEqual(['kept']);
    expect(changes[0]?.previous).toBe(1n);
    expect(changes[0]?.current).not.toBe(1n);
  });

  it('passes over a message larger than the limit without downloading it, leaving it unseen', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('huge').replace('본문', 'x'.repeat(20_000)));
    await dovecot.deliver(user, mail('small'));
    const received: ReceivedMail[] = [];
    const oversize: { uid: number; size: number }[] = [];
    await startSource(user, (m) => (received.push(m), Promise.resolve({ status: 'stored' })), {
      maxBytes: 10_000,
      onOversize: (message) => oversize.push(message),
    });
    await expect.poll(() => received.map(subjectOf), { timeout: 10_000 }).toEqual(['small']);
    expect(oversize.map((message) => message.uid)).toEqual([1]);
    expect(oversize[0]!.size).toBeGreaterThan(20_000);
    await expect
      .poll(async () => [...(await dovecot.flags(user)).values()], { timeout: 10_000 })
      .toEqual([[], ['\\Seen']]);
  });

  it('reads only unseen mail on its first visit to a mailbox, then every new mail', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('handled-last-year'));
    await dovecot.deliver(user, mail('still-unread'));
    await dovecot.deliver(user, mail('handled-yesterday'));
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      auth: { user, pass: 'secret' },
      logger: false,
    });
    await client.connect();
    await client.mailboxOpen('INBOX');
    // Someone already read these in their mail client before Sangdam was given the mailbox.
    await client.messageFlagsAdd('1,3', ['\\Seen'], { uid: true });
    await client.logout();

    const received: ReceivedMail[] = [];
    const { checkpoint } = await startSource(user, (m) => {
      received.push(m);
      return Promise.resolve({ status: 'stored' });
    });
    await expect.poll(() => received.map(subjectOf), { timeout: 10_000 }).toEqual(['still-unread']);
    await expect.poll(() => checkpoint.value?.lastUid, { timeout: 10_000 }).toBe(3);
    await dovecot.deliver(user, mail('new-question'));
    await expect
      .poll(() => received.map(subjectOf), { timeout: 10_000 })
      .toEqual(['still-unread', 'new-question']);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(received.map(subjectOf)).toEqual(['still-unread', 'new-question']);
  });

  it('says what kind of problem a mailbox has: a wrong password, a missing folder, no server', async () => {
    const user = await newUser();
    const problems = async (extra: Partial<ImapSourceOptions>) => {
      const seen: ImapProblem[] = [];
      const { source } = await startSource(user, () => Promise.resolve({ status: 'stored' }), {
        ...extra,
        onError: (_error, problem) => seen.push(problem),
      });
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(0);
      await source.stop();
      return seen[0];
    };
    const mailbox = { host: dovecot.host, port: dovecot.imapPort, tls: false, user };
    expect(await problems({ mailbox: { ...mailbox, password: 'not-the-password' } })).toBe(
      'auth-failed',
    );
    expect(
      await problems({ mailbox: { ...mailbox, password: 'secret', folder: 'No such folder' } }),
    ).toBe('folder-missing');
    expect(
      await problems({ mailbox: { ...mailbox, password: 'secret', port: await closedPort() } }),
    ).toBe('unreachable');
  });

  it('tells each time it has read the folder to its end, and a failing store as store-failed', async () => {
    const user = await newUser();
    await dovecot.deliver(user, mail('stored-later'));
    let down = true;
    let synced = 0;
    const problems: ImapProblem[] = [];
    await startSource(
      user,
      () =>
        down ? Promise.reject(new Error('database down')) : Promise.resolve({ status: 'stored' }),
      { onSynced: () => synced++, onError: (_error, problem) => problems.push(problem) },
    );
    await expect.poll(() => problems.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(problems[0]).toBe('store-failed');
    expect(synced).toBe(0);
    down = false;
    await expect.poll(() => synced, { timeout: 10_000 }).toBeGreaterThan(0);
  });
});

/** A port on this machine where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
