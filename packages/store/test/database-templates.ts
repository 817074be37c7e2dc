import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { migrate, openDatabase } from '../src/database.ts';

/**
 * The migrated databases every test's own database is copied from, built once per run (migrating
 * a database costs far more than copying one). Each test still gets a database of its own.
 */

/** An in-memory PGlite, migrated, written to `file` as a tar of its data directory. */
export async function buildPgliteTemplate(file: string): Promise<void> {
  const open = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await migrate(open.db);
    // Copies start with 16 MB of shared buffers, not 128: ample for a test's data, and zeroing
    // the buffer pool was a good part of every start.
    await sql`alter system set shared_buffers = '16MB'`.execute(open.db);
    // Everything on disk (in the tar), nothing left for a copy to replay from the WAL.
    await sql`checkpoint`.execute(open.db);
    await writeFile(file, await open.pglite!.dumpDataDir());
  } finally {
    await open.close();
  }
}

/**
 * A migrated database on the PostgreSQL server that nobody may connect to (CREATE DATABASE …
 * TEMPLATE needs it idle); returns its name and how to drop it.
 */
export async function buildPostgresTemplate(
  adminUrl: string,
): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `sangdam_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const open = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
  try {
    await migrate(open.db);
  } finally {
    await open.close();
  }
  await adminQuery(
    adminUrl,
    `alter database ${name} with is_template true allow_connections false`,
  );
  return {
    name,
    drop: () =>
      adminQuery(adminUrl, `alter database ${name} with is_template false`).then(() =>
        adminQuery(adminUrl, `drop database ${name}`),
      ),
  };
}

/** One statement on the server's maintenance database. */
export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
