import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@sangdam/store/test/postgres-global-setup.ts';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A Redis for tests of the Redis fan-out: TEST_REDIS_URL (or REDIS_URL) when set, otherwise a
 * throwaway `redis-server` (Debian's package, 7.0 or later) in a temporary folder on a free port,
 * keeping nothing on disk. A string instead when neither is there: why the tests skip.
 * `throwaway` insists on a redis-server of its own (a test that stops it); `port` starts it on a
 * given port (a Redis that comes back where it was).
 */
export async function startTestRedis(
  options: { port?: number; throwaway?: boolean } = {},
): Promise<TestRedis | string> {
  const external = options.throwaway
    ? undefined
    : (process.env.TEST_REDIS_URL ?? process.env.REDIS_URL);
  if (external) return { url: external, stop: async () => {} };
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    return 'no redis-server on PATH (apt-get install -y redis-server) and no TEST_REDIS_URL';
  }
  const dir = mkdtempSync(join(tmpdir(), 'sangdam-redis-'));
  const port = options.port ?? (await freePort());
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 10_000;
  while (!log.includes('Ready to accept connections')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
