import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.ts';
import { PGliteDialect, PGliteThread } from './pglite-dialect.ts';
import { preparingPool } from './prepared.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the whole database or an open transaction: repositories accept both. */
export type Executor = Db | Tx;

export type DatabaseTarget =
  | {
      kind: 'pglite';
      dataDir: string | null;
      /** A tar of a data directory (PGlite's dumpDataDir) to start from when dataDir is empty. */
      initialData?: string;
    }
  | { kind: 'postgres'; url: string; poolSize?: number };

export interface OpenDatabase {
  db: Db;
  target: DatabaseTarget;
  /** The pg pool, for components that need raw connections (the Socket.IO adapter). */
  pool: pg.Pool | null;
  /** The embedded database's thread, for what Kysely does not cover (dumping it). */
  pglite: PGliteThread | null;
  close(): Promise<void>;
}

// Timestamps and bigints come back as JS values on both engines.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

/** Opens PGlite (a folder, or memory when dataDir is null) or a PostgreSQL pool. */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: preparingPool(pool) }),
      plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    });
    return { db, target, pool, pglite: null, close: () => db.destroy() };
  }
  const pglite = await PGliteThread.start(target.dataDir, target.initialData);
  const db = new Kysely<Database>({
    dialect: new PGliteDialect(pglite),
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
  return { db, target, pool: null, pglite, close: () => db.destroy() };
}

/** Brings the schema up to date; safe to run on every start and from several nodes. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : `migration ${failed?.migrationName}`;
    throw new Error(`Database migration failed: ${reason}`, { cause: error });
  }
}
