import { sql } from 'kysely';
import pg from 'pg';
import type { OpenDatabase } from './database.ts';

/**
 * Named locks held by this process for as long as it lives: PostgreSQL session-level advisory
 * locks (`pg_try_advisory_lock(class, hashtext(name))`) on one connection of their own, outside
 * the pool. A process that dies closes that connection and PostgreSQL drops its locks at once —
 * no lease to expire, no clock to trust. On PGlite the one embedded session takes them the same
 * way (there the database belongs to this process alone, so they never meet another holder).
 */
export interface SessionLocks {
  /** Takes the lock on `name` unless another process holds it; true when this process holds it. */
  tryLock(name: string): Promise<boolean>;
  unlock(name: string): Promise<void>;
  /**
   * Called when the locks' connection broke: every lock this process held is gone (another
   * process may take them now). The next `tryLock` opens a new connection.
   */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

/** Locks of one `classId` (the first int of the advisory key) on this database. */
export function sessionLocks(open: OpenDatabase, classId: number): SessionLocks {
  const held = new Set<string>();
  const listeners: (() => void)[] = [];
  const lost = () => {
    if (held.size === 0) return;
    held.clear();
    for (const listener of listeners) listener();
  };

  let client: Promise<pg.Client> | null = null;
  /** The connection the locks live on (PostgreSQL): opened on first use and after a break. */
  function connection(url: string): Promise<pg.Client> {
    if (client) return client;
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    const opening: Promise<pg.Client> = next.connect().then(
      () => next,
      (error: unknown) => {
        if (client === opening) client = null;
        throw error;
      },
    );
    const broken = () => {
      if (client === opening) client = null;
      lost();
    };
    next.on('error', broken);
    next.on('end', broken);
    client = opening;
    return opening;
  }

  async function call(fn: 'pg_try_advisory_lock' | 'pg_advisory_unlock', name: string) {
    const target = open.target;
    if (target.kind === 'postgres') {
      const result = await (
        await connection(target.url)
      ).query<{ ok: boolean }>(`select ${fn}($1::int, hashtext($2)) as ok`, [classId, name]);
      return result.rows[0]!.ok;
    }
    const result = await sql<{ ok: boolean }>`select ${sql.raw(fn)}(${classId}::int,
      hashtext(${name})) as ok`.execute(open.db);
    return result.rows[0]!.ok;
  }

  return {
    async tryLock(name) {
      if (held.has(name)) return true;
      const ok = await call('pg_try_advisory_lock', name);
      if (ok) held.add(name);
      return ok;
    },
    async unlock(name) {
      if (!held.delete(name)) return;
      await call('pg_advisory_unlock', name);
    },
    onLost(listener) {
      listeners.push(listener);
    },
    async close() {
      held.clear();
      const opened = client;
      client = null;
      if (opened) await (await opened.catch(() => null))?.end();
    },
  };
}
