import { openDatabase, type OpenDatabase } from '@sangdam/store';
import { freePort } from '@sangdam/store/test/postgres-global-setup.ts';
import { createPostgresDatabase, pgliteTemplate } from '@sangdam/store/test/test-databases.ts';
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterNode } from '../test/cluster-nodes.ts';

const MAILS = 200;
/** Senders at the same time, as a busy MTA would have. */
const SENDERS = 8;
/** Every 40th mail is past the receiver's 4 MB spill threshold: the node is killed during one. */
const LARGE_EVERY = 40;
const KILL_AFTER = 50;
/** A Visa test number in every mail's text: it must be in no file the node left behind. */
const PAN = '4111111111111111';

const largeAttachment = Buffer.alloc(4.5 * 1024 * 1024, 'kill-test attachment ');

/**
 * Issue 11's kill test (R-EM-1): a client sends 200 mails over real SMTP to a node that is
 * SIGKILLed mid-run and restarted on the same database; the client retries every mail that did
 * not get 250, as an MTA does. Afterwards every mail is stored exactly once, and nothing a
 * spilled (large, still unredacted) mail was written to is left readable in the node's temporary
 * folder. PostgreSQL, and the embedded database restarted on the same data folder.
 */
describe.each(['postgres', 'pglite'] as const)(
  'a node killed while taking mail on %s',
  (engine) => {
    let node: ClusterNode | undefined;
    let open: OpenDatabase | undefined;
    const folders: string[] = [];

    afterAll(async () => {
      await node?.kill();
      await open?.close();
      await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
    });

    it('stores every mail that got 250 exactly once and leaves no readable spill behind', async () => {
      const temp = await mkdtemp(join(tmpdir(), 'sangdam-kill-tmp-'));
      const dataDir = await mkdtemp(join(tmpdir(), 'sangdam-kill-data-'));
      folders.push(temp, dataDir);
      const databaseUrl = engine === 'postgres' ? await createPostgresDatabase() : null;
      if (databaseUrl === null) {
        // The folder starts as the run's migrated template, as a test database does.
        const embedded = await openDatabase({
          kind: 'pglite',
          dataDir,
          initialData: pgliteTemplate(),
        });
        await embedded.close();
      }
      const smtpPort = await freePort();
      const env = {
        SMTP_PORT: String(smtpPort),
        TMPDIR: temp,
        ...(databaseUrl === null && { DATA_DIR: dataDir }),
      };
      node = await ClusterNode.start(0, databaseUrl, env);

      const accepted = new Set<number>();
      const refused: string[] = [];
      let next = 0;
      let killed = false;
      const deadline = Date.now() + 240_000;

      async function deliver(n: number): Promise<void> {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: smtpPort,
          secure: false,
          ignoreTLS: true,
          connectionTimeout: 5000,
          socketTimeout: 30_000,
        });
        while (Date.now() < deadline) {
          try {
            const sent = await transport.sendMail({
              from: `"Customer ${n}" <kill${n}@customer.example>`,
              to: 'support@sangdam.local',
              subject: `Kill test mail #${n}`,
              messageId: `<kill-${n}@customer.example>`,
              text: `Mail number ${n}. My card is ${PAN}, please check the order.`,
              attachments:
                n % LARGE_EVERY === 0
                  ? [{ filename: 'invoice.txt', content: largeAttachment }]
                  : [],
            });
            if (sent.response.startsWith('250')) accepted.add(n);
            return;
          } catch (error) {
            const code = (error as { responseCode?: number }).responseCode;
            // 5xx is final for an MTA too: a refused mail is a failure of this test.
            if (code !== undefined && code >= 500) {
              refused.push(`#${n}: ${(error as Error).message}`);
              return;
            }
            // 4xx, connection refused or dropped (the node is dead or restarting): try again.
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
        refused.push(`#${n}: still not accepted at the deadline`);
      }

      async function sender(): Promise<void> {
        while (next < MAILS) await deliver(next++);
      }

      /** Kills the node while a spilled mail is open in it, once enough mails were accepted. */
      async function killer(): Promise<void> {
        while (Date.now() < deadline && next < MAILS) {
          if (accepted.size >= KILL_AFTER && (await holdsSpill(node!.pid, temp))) {
            await node!.kill();
            killed = true;
            node = await ClusterNode.start(1, databaseUrl, env);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }

      const afterKill: string[] = [];
      await Promise.all([
        ...Array.from({ length: SENDERS }, sender),
        killer().then(async () => afterKill.push(...(await filesWith(temp, PAN)))),
      ]);

      expect(killed).toBe(true);
      expect(refused).toEqual([]);
      expect(accepted.size).toBe(MAILS);
      // Nothing of a mail that was being received when the node died can be read from its folder.
      expect(afterKill).toEqual([]);
      expect(await filesWith(temp, PAN)).toEqual([]);

      // The restarted node holds the database (PGlite: the one process that may open the folder).
      await node.kill();
      open =
        databaseUrl === null
          ? await openDatabase({ kind: 'pglite', dataDir })
          : await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
      const rows = await open.db
        .selectFrom('emailMessages')
        .select(['subject', 'interactionId', 'text'])
        .where('direction', '=', 'in')
        .where('subject', 'like', 'Kill test mail #%')
        .execute();
      const copies = new Map<number, number>();
      for (const row of rows) {
        const n = Number(row.subject.slice('Kill test mail #'.length));
        copies.set(n, (copies.get(n) ?? 0) + 1);
      }
      const notOnce = [...accepted].filter((n) => copies.get(n) !== 1);
      expect(notOnce).toEqual([]);
      expect(rows).toHaveLength(MAILS);
      // Each mail opened its own contact (one customer each), and no card number was stored.
      expect(new Set(rows.map((row) => row.interactionId)).size).toBe(MAILS);
      expect(rows.filter((row) => row.text.includes(PAN))).toEqual([]);
    }, 300_000);
  },
);

/** Whether the process holds an open file in `directory` (a spilled mail being received). */
async function holdsSpill(pid: number, directory: string): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith(`${directory}/`) && !target.includes('tsx-')) return true;
  }
  return false;
}

/** Files under `directory` (recursively) whose bytes contain `needle`. */
async function filesWith(directory: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { recursive: true })) {
    const path = join(directory, entry);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const content = await readFile(path).catch(() => undefined);
    if (content?.includes(needle)) found.push(entry);
  }
  return found;
}
