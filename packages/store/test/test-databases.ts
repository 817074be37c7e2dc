import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type OpenDatabase } from '../src/database.ts';
import { adminQuery } from './database-templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    /** The migrated PostgreSQL database new test databases are copied from. */
    postgresTemplate: string;
    /** A tar of a migrated PGlite data directory that new embedded test databases start from. */
    pgliteTemplate: string;
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

/**
 * A fresh, migrated database of the given engine, of this test's own: an in-memory PGlite
 * started from the migrated template, or a new PostgreSQL database copied from its template.
 */
export async function createTestDatabase(engine: Engine): Promise<OpenDatabase> {
  if (engine === 'pglite') {
    return openDatabase({ kind: 'pglite', dataDir: null, initialData: pgliteTemplate() });
  }
  return openDatabase({ kind: 'postgres', url: await createPostgresDatabase() });
}

/** The migrated template that a fresh embedded database starts from (see `initialData`). */
export function pgliteTemplate(): string {
  return inject('pgliteTemplate');
}

/**
 * A new database on the test PostgreSQL server; returns its URL. Migrated (a copy of the
 * template) unless `schema` is 'empty', for tests of what happens on a first start.
 */
export async function createPostgresDatabase(
  schema: 'migrated' | 'empty' = 'migrated',
): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `sangdam_test_${randomBytes(6).toString('hex')}`;
  const template = schema === 'migrated' ? ` template ${inject('postgresTemplate')}` : '';
  await adminQuery(adminUrl, `create database ${name}${template}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
