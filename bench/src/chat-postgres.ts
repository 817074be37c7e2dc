// A fresh PostgreSQL database for the benchmark: on TEST_DATABASE_URL's server when given,
// otherwise on a throwaway server started from Debian's binaries (as the test suites do).
import { openDatabase } from '@sangdam/store';
import { startThrowawayPostgres } from '@sangdam/store/test/postgres-global-setup.ts';
import { randomBytes } from 'node:crypto';

/** Creates an empty database; `close` drops it (and stops the server if we started one). */
export async function openBenchPostgres(
  serverUrl: string | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const throwaway = serverUrl ? null : await startThrowawayPostgres();
  const adminUrl = serverUrl ?? throwaway!.url;
  const name = `sangdam_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const open = await openDatabase({ kind: 'postgres', url: adminUrl, poolSize: 1 });
    try {
      await open.pool!.query(statement);
    } finally {
      await open.close();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async close() {
      if (throwaway) await throwaway.stop();
      else await admin(`drop database ${name} with (force)`);
    },
  };
}
