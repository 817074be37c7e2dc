import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@sangdam/store/test/postgres-global-setup.ts';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** One `node apps/server/src/main.ts` process on its own port. */
export class ClusterNode {
  alive = true;
  private log = '';
  private constructor(
    readonly index: number,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.once('exit', () => (this.alive = false));
  }

  /**
   * Starts a node on DATABASE_URL (or, with `null`, on the embedded database in the DATA_DIR
   * that `env` names) and resolves once it serves requests.
   */
  static async start(index: number, databaseUrl: string | null, env: Record<string, string> = {}) {
    const port = await freePort();
    // Which database and fan-out a node uses is the test's choice, not the environment's.
    const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...inherited,
        ...(databaseUrl !== null && { DATABASE_URL: databaseUrl }),
        PORT: String(port),
        // Three nodes on one machine: each receiver on a port of its own.
        SMTP_PORT: '0',
        HOST: '127.0.0.1',
        DEMO_SEED: 'true',
        LOG_LEVEL: 'warn',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
        LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new ClusterNode(index, `http://127.0.0.1:${port}`, child);
    const deadline = Date.now() + 100_000;
    while (!node.log.includes('Sangdam is running')) {
      if (!node.alive || Date.now() > deadline) {
        await node.kill();
        throw new Error(`node ${index} did not start:\n${node.log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return node;
  }

  /** The operating system's id of the process (to look at its open files). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Ends the process at once, as a crash would (SIGKILL); resolves when it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    // Dead from now on for everyone asking, even before the exit event arrives.
    this.alive = false;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** What the process printed (for failure messages). */
  output(): string {
    return this.log;
  }
}
