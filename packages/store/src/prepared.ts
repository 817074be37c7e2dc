import { CompiledQuery } from 'kysely';
import type pg from 'pg';

/**
 * The hot statements (every chat batch runs them), written once as SQL text whose parameters are
 * arrays, so the text is the same whatever the batch's size. On node-postgres each runs as a
 * named prepared statement (parsed and planned once per connection); the PGlite thread prepares
 * every parameterised text once already (pglite-worker.js).
 */
const names = new Map<string, string>();

/** A hot statement's text, registered under `name` so that node-postgres prepares it. */
export function preparedStatement(name: string, text: string): PreparedStatement {
  const known = names.get(text);
  if (known !== undefined && known !== name) throw new Error(`${name} repeats ${known}'s text`);
  names.set(text, name);
  return { name, text, with: (parameters) => CompiledQuery.raw(text, [...parameters]) };
}

export interface PreparedStatement {
  name: string;
  text: string;
  /** The statement with its parameters, for Executor.executeQuery. */
  with(parameters: readonly unknown[]): CompiledQuery;
}

/** What Kysely's PostgresDialect asks of a pool and of its clients. */
interface KyselyPool {
  connect(): Promise<KyselyClient>;
  end(): Promise<void>;
}
interface KyselyClient {
  query: pg.PoolClient['query'];
  release(destroy?: boolean): void;
}

/**
 * The pool as Kysely sees it: a registered text goes to PostgreSQL as pg's named statement
 * (`{ name, text, values }`), which pg parses once per connection; anything else as it came.
 */
export function preparingPool(pool: pg.Pool): KyselyPool {
  const wrapped = new WeakMap<pg.PoolClient, KyselyClient>();
  const wrap = (client: pg.PoolClient): KyselyClient => ({
    query: ((...args: unknown[]) => {
      const [text, values] = args;
      const name = typeof text === 'string' ? names.get(text) : undefined;
      if (name === undefined) return (client.query as (...a: unknown[]) => unknown)(...args);
      return client.query({ name, text: text as string, values: values as unknown[] });
    }) as pg.PoolClient['query'],
    release: (destroy) => client.release(destroy),
  });
  return {
    connect: async () => {
      const client = await pool.connect();
      let kysely = wrapped.get(client);
      if (!kysely) wrapped.set(client, (kysely = wrap(client)));
      return kysely;
    },
    end: () => pool.end(),
  };
}
