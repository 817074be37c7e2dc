import { sql } from 'kysely';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate, openDatabase, type OpenDatabase } from './database.ts';
import { pgliteTemplate } from '../test/test-databases.ts';

/** The embedded database as every repository sees it: Kysely over PGlite in its own thread. */
describe('the PGlite dialect', () => {
  let open: OpenDatabase;
  beforeEach(async () => {
    open = await openDatabase({ kind: 'pglite', dataDir: null, initialData: pgliteTemplate() });
    await sql`create table notes (id int primary key, body jsonb, at timestamptz)`.execute(open.db);
  });
  afterEach(() => open.close());

  it('round-trips parameters and values as the pg driver does', async () => {
    const at = new Date('2026-11-25T09:30:00.000Z');
    await sql`insert into notes values (${1}, ${JSON.stringify({ text: '안녕' })}, ${at})`.execute(
      open.db,
    );
    const { rows } = await sql<{
      id: number;
      body: { text: string };
      at: Date;
    }>`select * from notes where id = ${1}`.execute(open.db);
    expect(rows).toEqual([{ id: 1, body: { text: '안녕' }, at }]);
  });

  it('keeps running a prepared statement after its table changes', async () => {
    const select = () => sql`select * from notes`.execute(open.db);
    await sql`insert into notes (id) values (${1})`.execute(open.db);
    expect((await select()).rows).toEqual([{ id: 1, body: null, at: null }]);
    await sql`alter table notes add column author text`.execute(open.db);
    expect((await select()).rows).toEqual([{ id: 1, body: null, at: null, author: null }]);
  });

  it('reports PostgreSQL errors with their code and constraint', async () => {
    await sql`insert into notes (id) values (${1})`.execute(open.db);
    await expect(sql`insert into notes (id) values (${1})`.execute(open.db)).rejects.toMatchObject({
      code: '23505',
      constraint: 'notes_pkey',
    });
  });

  it('rolls back a failed transaction and goes on with the next', async () => {
    await expect(
      open.db.transaction().execute(async (tx) => {
        await sql`insert into notes (id) values (${1})`.execute(tx);
        await sql`insert into notes (id) values (${1})`.execute(tx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await open.db.transaction().execute(async (tx) => {
      await sql`insert into notes (id) values (${2})`.execute(tx);
    });
    const { rows } = await sql<{ id: number }>`select id from notes`.execute(open.db);
    expect(rows).toEqual([{ id: 2 }]);
  });

  it('sends a transaction’s begin with its first statement, and nothing for a transaction without any', async () => {
    // Every request is one message to the database thread and one answer back.
    const requests = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      await open.db.transaction().execute(async (tx) => {
        await sql`insert into notes (id) values (${1})`.execute(tx);
      });
      expect(requests).toHaveBeenCalledTimes(2); // begin and the insert, then commit
      requests.mockClear();
      await open.db.transaction().execute(() => Promise.resolve());
      expect(requests).not.toHaveBeenCalled();
    } finally {
      requests.mockRestore();
    }
    const { rows } = await sql<{ id: number }>`select id from notes`.execute(open.db);
    expect(rows).toEqual([{ id: 1 }]);
  });

  it('runs transactions one after another, each seeing the last one’s writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        open.db.transaction().execute(async (tx) => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from notes`.execute(
            tx,
          );
          await sql`insert into notes (id) values (${rows[0]!.n + 1})`.execute(tx);
        }),
      ),
    );
    const { rows } = await sql<{ n: number }>`select max(id) as n from notes`.execute(open.db);
    expect(rows[0]!.n).toBe(20);
  });

  it('starts from a dump as the same database as a new one that ran every migration', async () => {
    const fresh = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      await migrate(fresh.db);
      await sql`drop table notes`.execute(open.db);
      const schema = (db: OpenDatabase['db']) =>
        sql<{ line: string }>`
          select concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default) as line
          from information_schema.columns where table_schema = 'public'
          union all select indexdef from pg_indexes where schemaname = 'public'
          union all select name from kysely_migration
          order by 1`
          .execute(db)
          .then(({ rows }) => rows.map((row) => row.line));
      const expected = await schema(fresh.db);
      expect(expected.length).toBeGreaterThan(50);
      expect(await schema(open.db)).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });
});
