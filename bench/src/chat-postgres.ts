// A fresh PostgreSQL database for the benchmark: on TEST_DATABASE_URL's server when given,
// otherwise on a throwaway server started from Debian's binaries with fsync and
// synchronous_commit on (a benchmark of durable messages must not run without them).
import { openDatabase } from '@sangdam/store';
import { startThrowawayPostgres } from '@sangdam/store/test/postgres-global-setup.ts';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchPostgres {
  /** The server, without a database: `createDatabase` adds one per run. */
  serverUrl: string;
  /** A new empty database on the server; dropped by `close`. */
  createDatabase(): Promise<string>;
  /**
   * CPU time (ms) the server's processes used so far, or null when it is not ours to watch
   * (TEST_DATABASE_URL). Counts the postmaster and its live children (pooled connections stay).
   */
  cpuMs(): number | null;
  close(): Promise<void>;
}

export async function openBenchPostgres(serverUrl: string | undefined): Promise<BenchPostgres> {
  const throwaway = serverUrl ? null : await startThrowawayPostgres({ durable: true });
  const adminUrl = serverUrl ?? throwaway!.url;
  const created: string[] = [];
  const admin = async (statement: string) => {
    const open = await openDatabase({ kind: 'postgres', url: adminUrl, poolSize: 1 });
    try {
      await open.pool!.query(statement);
    } finally {
      await open.close();
    }
  };
  if (throwaway) await assertDurable(adminUrl);
  return {
    serverUrl: adminUrl,
    async createDatabase() {
      const name = `sangdam_bench_${randomBytes(6).toString('hex')}`;
      await admin(`create database ${name}`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    cpuMs: () => (throwaway ? processTreeCpuMs(postmasterPid(throwaway.dataDir)) : null),
    async close() {
      if (throwaway) await throwaway.stop();
      else for (const name of created) await admin(`drop database ${name} with (force)`);
    },
  };
}

/** Refuses to measure a server that would not flush its commits. */
async function assertDurable(url: string): Promise<void> {
  const open = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    const { rows } = await open.pool!.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit')`,
    );
    const off = rows.filter((row) => row.setting !== 'on');
    if (off.length > 0)
      throw new Error(
        `PostgreSQL runs with ${off.map((r) => `${r.name}=${r.setting}`).join(', ')}`,
      );
  } finally {
    await open.close();
  }
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

// utime and stime of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
const ticksPerSecond = 100;

/**
 * Cumulative CPU ms of a process and its direct children (PostgreSQL's backends and workers):
 * the live children's own time plus what the root's ended children used (its cutime and
 * cstime, counted once it reaps them), so a backend that ends between two samples takes nothing
 * back from the total and a difference of two samples is never negative.
 */
export function processTreeCpuMs(root: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid !== root && ppid !== root) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    if (pid === root) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / ticksPerSecond;
}
