import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type CompiledQuery,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** A WebAssembly.Module, opaque here (the project's TypeScript libs do not declare WebAssembly). */
type CompiledWasm = object;
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasm> };

/**
 * PGlite's WebAssembly, compiled once per process and handed to every database thread: the
 * threads share its machine code (and V8's optimised tiers of it) instead of compiling 9 MB
 * each time a database opens.
 */
let compiled: Promise<CompiledWasm> | undefined;
function compiledPGlite(): Promise<CompiledWasm> {
  compiled ??= readFile(
    join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm'),
  ).then((bytes) => WebAssembly.compile(bytes));
  return compiled;
}

/**
 * A file's bytes in memory every database thread can read, loaded once per process (a dump that
 * seeds new databases does not change while they start from it).
 */
const shared = new Map<string, Promise<SharedArrayBuffer>>();
function sharedBytes(file: string): Promise<SharedArrayBuffer> {
  let bytes = shared.get(file);
  if (!bytes) {
    bytes = readFile(file).then((data) => {
      const buffer = new SharedArrayBuffer(data.length);
      new Uint8Array(buffer).set(data);
      return buffer;
    });
    bytes.catch(() => shared.delete(file));
    shared.set(file, bytes);
  }
  return bytes;
}

/** What a query into the PGlite thread returns. */
interface WorkerReply {
  id: number;
  rows?: unknown[];
  affectedRows?: number;
  data?: Uint8Array;
  error?: { message: string } & Record<string, unknown>;
}

/**
 * PGlite running in a worker thread (pglite-worker.js): the database's CPU time no longer
 * delays sockets and timers on the main thread, and the two share the machine's cores.
 */
export class PGliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private nextId = 1;
  private failure: Error | null = null;
  closed = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => this.fail(new Error('The embedded database thread stopped')));
  }

  /**
   * Starts the thread on a folder (or in memory when dataDir is null); resolves when ready.
   * `initialData` (a tar from PGlite's dumpDataDir) seeds a folder that holds no database yet.
   */
  static async start(dataDir: string | null, initialData?: string): Promise<PGliteThread> {
    const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
      workerData: {
        dataDir,
        wasmModule: await compiledPGlite(),
        initialData: initialData && (await sharedBytes(initialData)),
      },
    });
    const ready = await new Promise<{ ready: boolean; error?: { message: string } }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    if (!ready.ready) {
      await worker.terminate();
      throw new Error(`The embedded database did not open: ${ready.error?.message}`);
    }
    return new PGliteThread(worker);
  }

  /**
   * One statement over the extended protocol (parameters bound, never interpolated). `begin`, a
   * transaction's `begin` statement, runs first in the same request (one round trip for both).
   */
  async query<R>(sql: string, params: readonly unknown[], begin?: string): Promise<QueryResult<R>> {
    const reply = await this.request({ sql, params, ...(begin !== undefined && { begin }) });
    return {
      rows: (reply.rows ?? []) as R[],
      ...(reply.affectedRows !== undefined && { numAffectedRows: BigInt(reply.affectedRows) }),
    };
  }

  /** A statement without parameters over the simple protocol (transaction control). */
  async exec(sql: string): Promise<void> {
    await this.request({ sql });
  }

  /** The whole data directory as a tar (PGlite's dumpDataDir), e.g. to start copies from. */
  async dumpDataDir(): Promise<Uint8Array> {
    const reply = await this.request({ dump: true });
    return reply.data ?? new Uint8Array();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.request({ close: true });
    this.closed = true;
    await this.worker.terminate();
  }

  private request(body: {
    sql?: string;
    params?: readonly unknown[];
    begin?: string;
    close?: boolean;
    dump?: boolean;
  }) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Keep the process alive while the database owes an answer, and only then.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if (reply.error) reject(Object.assign(new Error(reply.error.message), reply.error));
        else resolve(reply);
      });
      this.worker.postMessage({ id, ...body });
    });
  }

  private settle(reply: WorkerReply) {
    const resolve = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    resolve?.(reply);
  }

  private fail(error: Error) {
    if (this.closed) return;
    this.failure = error;
    for (const [id, settle] of this.pending)
      settle({ id, error: { message: `The embedded database failed: ${error.message}` } });
    this.pending.clear();
  }
}

/**
 * Kysely over PGlite. PGlite is one connection, so a transaction must own it until
 * it ends: connections are handed out one at a time, in arrival order. (kysely-pglite-dialect
 * does the same but pins PGlite < 0.5, which we need.)
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGliteThread) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGliteThread) {
    this.connection = new PGliteConnection(pg);
  }

  /** The thread is started (and ready) before the dialect is built. */
  init(): Promise<void> {
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    // Every statement is a round trip to the database thread, so a queue of transactions passes
    // through the event loop and cannot starve sockets and timers.
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  // Transaction control goes over the simple protocol (one call into PGlite instead of the
  // extended protocol's six). `begin` is not sent on its own: it travels in the request of the
  // transaction's first statement, and a transaction that ran no statement sends nothing.
  beginTransaction(_connection: DatabaseConnection, settings: TransactionSettings) {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    this.connection.begin = `begin${isolation}`;
    return Promise.resolve();
  }

  commitTransaction() {
    return this.connection.end('commit');
  }

  rollbackTransaction() {
    return this.connection.end('rollback');
  }

  releaseConnection(): Promise<void> {
    this.connection.release();
    return Promise.resolve();
  }

  async destroy() {
    if (!this.pg.closed) await this.pg.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => undefined;
  /** The transaction's `begin`, until its first statement takes it to the thread. */
  begin: string | null = null;

  constructor(private readonly pg: PGliteThread) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const begin = this.begin ?? undefined;
    this.begin = null;
    return this.pg.query<R>(compiled.sql, compiled.parameters, begin);
  }

  /** Commits or rolls back the transaction, unless it never reached the thread. */
  async end(sql: 'commit' | 'rollback'): Promise<void> {
    if (this.begin !== null) {
      this.begin = null;
      return;
    }
    await this.pg.exec(sql);
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}
