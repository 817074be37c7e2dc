import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPgliteTemplate, buildPostgresTemplate } from './database-templates.ts';

/**
 * Gives the store and server suites a real PostgreSQL (TEST_DATABASE_URL when set, otherwise a
 * throwaway server from Debian's binaries in a temporary folder on a free port) and the migrated
 * templates, one per engine, that each test's fresh database is copied from.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  const server = external ? null : await startThrowawayPostgres();
  const postgresUrl = external ?? server!.url;
  const folder = mkdtempSync(join(tmpdir(), 'sangdam-templates-'));
  const pgliteTemplate = join(folder, 'pglite.tar');
  try {
    const [postgresTemplate] = await Promise.all([
      buildPostgresTemplate(postgresUrl),
      buildPgliteTemplate(pgliteTemplate),
    ]);
    project.provide('postgresUrl', postgresUrl);
    project.provide('postgresTemplate', postgresTemplate.name);
    project.provide('pgliteTemplate', pgliteTemplate);
    return async () => {
      rmSync(folder, { recursive: true, force: true });
      // The throwaway server goes with everything on it; an external one keeps only test databases.
      if (server) await server.stop();
      else await postgresTemplate.drop();
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    await server?.stop();
    throw error;
  }
}

/**
 * A PostgreSQL server in a temporary folder. For tests it trades durability for speed (no fsync,
 * asynchronous commit); `durable` keeps the defaults (fsync, synchronous_commit on), as a
 * benchmark of durable writes needs. `dataDir` holds `postmaster.pid` (the server's CPU use).
 */
export async function startThrowawayPostgres(options: { durable?: boolean } = {}): Promise<{
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
}> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'sangdam-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uid('postgres'), gid('postgres'));
  const run = (cmd: string, args: string[]) =>
    asRoot ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };

  const init = run(join(bin, 'initdb'), [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const initResult = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
  if (initResult.status !== 0) throw new Error(`initdb failed: ${initResult.stderr}`);

  const port = await freePort();
  const start = run(join(bin, 'postgres'), [
    '-D',
    join(dir, 'data'),
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    ...(options.durable
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    '-c',
    'max_connections=300',
  ]);
  const child: ChildProcess = spawn(start.cmd, start.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitUntil(
    () => log.includes('ready to accept connections'),
    30_000,
    () => log,
  );

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: join(dir, 'data'),
    stop: async () => {
      // runuser blocks SIGINT (fast shutdown) but passes SIGTERM on, and kills after 2 s.
      child.kill(asRoot ? 'SIGTERM' : 'SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions
    .map((v) => join(root, v, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      'No PostgreSQL server binaries under /usr/lib/postgresql: install them (apt-get install -y postgresql) or set TEST_DATABASE_URL.',
    );
  }
  return found;
}

function uid(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gid(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(done: () => boolean, timeoutMs: number, describe: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
