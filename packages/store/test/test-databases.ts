import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate, openDatabase, type OpenDatabase } from '../src/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export type Engine = 'pglite' | 'postgres';

/**
 * Both engines every store-backed suite runs on. `TEST_ENGINES=pglite` (or `postgres`) narrows
 * a run to one, as CI does for its extra runs on other Node versions.
 */
export const engines: readonly Engine[] = (['pglite', 'postgres'] as const).filter(
  (engine) => !process.env.TEST_ENGINES || process.env.TEST_ENGINES.split(',').includes(engine),
);

/** A fresh, migrated database of the given engine: in-memory PGlite, or a new PostgreSQL database. */
export async function createTestDatabase(engine: Engine): Promise<OpenDatabase> {
  if (engine === 'pglite') {
    const open = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrate(open.db);
    return open;
  }
  const url = await createPostgresDatabase();
  const open = await openDatabase({ kind: 'postgres', url });
  await migrate(open.db);
  return open;
}

/** A new empty database on the test PostgreSQL server; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `sangdam_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
