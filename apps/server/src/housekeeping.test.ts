import { DatabaseBlobStore, FolderBlobStore, orphanSweepLockKey } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, describe, expect, it } from 'vitest';
import { mailSink } from './services/email/ingest.ts';
import { makeSpool, removeAbandonedSpools, spoolPlace } from './services/spool.ts';
import { smtpOrigin } from '../test/mail.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';

/** The id of a process that ran and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid;
}

/** Receives a mail with one file: its raw message and its attachment are named by its rows. */
async function storeMailWithFile(deps: Parameters<typeof mailSink>[0]) {
  const raw = await new MailComposer({
    from: 'hana@example.com',
    to: 'support@sangdam.local',
    subject: 'The invoice',
    text: 'Please see the file.',
    attachments: [{ filename: 'notes.txt', content: 'Deliver after 6 pm.\n' }],
  })
    .compile()
    .build();
  expect(await mailSink(deps)({ origin: smtpOrigin(), raw })).toEqual({ status: 'stored' });
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe.each(engines)('housekeeping at start and by the workers on %s', (engine) => {
  let server: TestServer | undefined;
  const made: string[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const path of made.splice(0)) await rm(path, { recursive: true, force: true });
  });

  it('removes the upload spill folders of a process that no longer runs, and only those', async () => {
    const place = spoolPlace('memory://');
    const spill = async (name: string) => {
      const path = join(place.dir, name);
      await mkdir(path);
      await writeFile(join(path, '0'), randomBytes(1000));
      made.push(path);
      return path;
    };
    const crashed = await spill(`${place.prefix}${deadPid()}-1764500000000-aB3xYz`);
    const live = await spill(`${place.prefix}${process.ppid}-1764500000000-qW9eRt`);
    const notOurs = await spill(`${place.prefix}readme-${randomBytes(4).toString('hex')}`);
    server = await startTestServer(engine);
    expect(await exists(crashed)).toBe(false);
    expect(await exists(live)).toBe(true);
    expect(await exists(notOurs)).toBe(true);
  });

  it('sweeps chunks of a blob put that died half-way, once they are an hour old', async () => {
    let offsetMs = 0;
    server = await startTestServer(
      engine,
      {},
      { clock: () => new Date(Date.now() + offsetMs), blobSweepEveryMs: 200 },
    );
    const { db } = server.sangdam.database;
    expect(server.sangdam.deps.blobs).toBeInstanceOf(DatabaseBlobStore);
    const orphan = 'C'.repeat(22);
    await db
      .insertInto('blobChunks')
      .values({ key: orphan, seq: 0, data: Buffer.from('half') })
      .execute();
    // (A complete blob's chunks stay while a row names it: the next test.)
    const chunksOf = async (key: string) =>
      (await db.selectFrom('blobChunks').select('seq').where('key', '=', key).execute()).length;

    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await chunksOf(orphan)).toBe(1); // younger than an hour: perhaps a put in progress

    offsetMs = 61 * 60 * 1000;
    await expect.poll(() => chunksOf(orphan), { timeout: 10_000 }).toBe(0);
  });
  it(
    'sweeps complete blobs nothing names once they are an hour old, never a stored mail’s or a waiting reply file’s',
    { timeout: 60_000 },
    async () => {
      let offsetMs = 0;
      server = await startTestServer(
        engine,
        {},
        { clock: () => new Date(Date.now() + offsetMs), blobSweepEveryMs: 200 },
      );
      const { db } = server.sangdam.database;
      const { deps } = server.sangdam;
      await storeMailWithFile(deps);
      // An agent's file waiting for the reply it will go with is named by its row too.
      const contact = await db.selectFrom('interactions').select('id').executeTakeFirstOrThrow();
      const agent = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
      const upload = await deps.blobs.put(Readable.from([Buffer.from('Size L, in blue.\n')]));
      await db
        .insertInto('emailReplyFiles')
        .values({
          interactionId: contact.id,
          userId: agent.id,
          originalName: 'order.txt',
          contentType: 'text/plain',
          size: 17,
          sha256: upload.sha256,
          blobKey: upload.key,
          verdict: 'clean',
        })
        .execute();
      // What a node killed before its mail's commit leaves: complete blobs that nothing names.
      const orphans = [
        await deps.blobs.put(Readable.from([randomBytes(300_000)])),
        await deps.blobs.put(Readable.from([randomBytes(100)])),
      ];
      const blobKeys = async () =>
        (await db.selectFrom('blobs').select('key').execute()).map((blob) => blob.key).sort();
      const named = (await blobKeys()).filter((key) => !orphans.some((o) => o.key === key));
      expect(named).toHaveLength(3);
      const chunkKeys = async () => [
        ...new Set((await db.selectFrom('blobChunks').select('key').execute()).map((c) => c.key)),
      ];

      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await blobKeys()).toHaveLength(5); // younger than an hour: perhaps a mail not yet committed

      offsetMs = 61 * 60 * 1000;
      await expect.poll(blobKeys, { timeout: 10_000 }).toEqual(named);
      expect((await chunkKeys()).sort()).toEqual(named);
    },
  );
});

describe('the blob sweep of a folder blob store (embedded database in a folder)', () => {
  it.runIf(engines.includes('pglite'))(
    'removes files nothing names once an hour old — a crashed put’s partial file, a blob whose row never came — never a named one or another file',
    { timeout: 60_000 },
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'sangdam-folder-sweep-'));
      let offsetMs = 0;
      const server = await startTestServer(
        'pglite',
        { DATA_DIR: dataDir },
        { clock: () => new Date(Date.now() + offsetMs), blobSweepEveryMs: 200 },
      );
      try {
        const { deps } = server.sangdam;
        expect(deps.blobs).toBeInstanceOf(FolderBlobStore);
        const folder = join(dataDir, 'blobs');
        await storeMailWithFile(deps);
        const filesNow = async () =>
          (await readdir(folder, { recursive: true, withFileTypes: true }))
            .filter((entry) => entry.isFile())
            .map((entry) => entry.name)
            .sort();
        const named = await filesNow();
        expect(named).toHaveLength(2);
        // What a node killed before the commit leaves, and a put killed half-way.
        const orphan = await deps.blobs.put(Readable.from([randomBytes(1000)]));
        const partialKey = 'Pq'.padEnd(22, 'x');
        await mkdir(join(folder, 'Pq'), { recursive: true });
        await writeFile(join(folder, 'Pq', `${partialKey}.partial`), 'half');
        await writeFile(join(folder, 'notes-of-the-admin.txt'), 'not a blob');
        const all = [
          ...named,
          orphan.key,
          `${partialKey}.partial`,
          'notes-of-the-admin.txt',
        ].sort();
        expect(await filesNow()).toEqual(all);

        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(await filesNow()).toEqual(all); // younger than an hour: perhaps a put in progress

        offsetMs = 61 * 60 * 1000;
        await expect
          .poll(filesNow, { timeout: 10_000 })
          .toEqual([...named, 'notes-of-the-admin.txt'].sort());
        // The mail still reads back whole.
        for (const key of named) await expect(deps.blobs.open(key)).resolves.toBeDefined();
      } finally {
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});

describe('the orphan-chunk sweep on postgres', () => {
  it.runIf(engines.includes('postgres'))(
    'lets one node sweep at a time: while another holds the sweep, it skips',
    async () => {
      const server = await startTestServer('postgres');
      try {
        const { db } = server.sangdam.database;
        const store = server.sangdam.deps.blobs as DatabaseBlobStore;
        await db
          .insertInto('blobChunks')
          .values({ key: 'D'.repeat(22), seq: 0, data: Buffer.from('x'), createdAt: '2020-01-01' })
          .execute();
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const other = db.transaction().execute(async (tx) => {
          await sql`select pg_advisory_xact_lock(${orphanSweepLockKey})`.execute(tx);
          locked();
          await held;
        });
        await isLocked;
        expect(await store.deleteOrphanChunks(new Date())).toBeNull();
        release();
        await other;
        expect(await store.deleteOrphanChunks(new Date())).toBe(1);
      } finally {
        await server.close();
      }
    },
  );
});

describe('spill folders of a DATA_DIR in a folder', () => {
  it('live under DATA_DIR/tmp; our pid with another start time is an earlier life', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sangdam-spool-test-'));
    try {
      const place = spoolPlace(dataDir);
      expect(place.dir).toBe(join(dataDir, 'tmp'));
      const current = await makeSpool(place); // an upload of this process, in progress
      await mkdir(join(place.dir, `${place.prefix}${process.pid}-1000-aaaaaa`));
      await mkdir(join(place.dir, `${place.prefix}${deadPid()}-1000-bbbbbb`));
      await writeFile(join(place.dir, 'keep.txt'), 'not ours');
      await removeAbandonedSpools(place);
      expect((await readdir(place.dir)).sort()).toEqual([basename(current), 'keep.txt'].sort());
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
