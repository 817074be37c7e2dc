// PGlite in its own thread: the database's work (parsing, planning, the WebAssembly Postgres)
// runs beside the main thread's sockets and timers instead of between them. Plain JavaScript so
// the thread starts under any runner, with or without a TypeScript loader.
// Requests: { id, sql, params?, begin? } (params given: a prepared statement; absent: simple
// protocol, for transaction control; begin: a transaction's `begin`, run first over the simple
// protocol, so a transaction opens with its first statement in one request),
// { id, dump: true } (the data directory as a tar) or { id, close: true }, answered one at a
// time in arrival order.
// Replies: { id, rows, affectedRows, data? } or { id, error: { message, ...fields } } with
// PostgreSQL's fields (code, constraint, detail…).
import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('pglite-worker.js runs only as a worker thread');

/**
 * dataDir: a folder, or null for memory. wasmModule: PGlite's WebAssembly, compiled once per
 * process by the main thread (optional). initialData: a tar of a data directory (dumpDataDir),
 * shared by the main thread, to start from when the folder holds no database yet, in place of
 * running initdb.
 * @type {{ dataDir: string | null, wasmModule?: WebAssembly.Module, initialData?: SharedArrayBuffer }}
 */
const { dataDir, wasmModule, initialData } = workerData;
const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'));
const pg = new PGlite({
  ...(dataDir && { dataDir }),
  ...(wasmModule && { pgliteWasmModule: wasmModule }),
  ...(initialData && fresh && { loadDataDir: tarFrom(initialData) }),
});

/**
 * PGlite reads a dump only through `arrayBuffer()`: this hands it a private copy of the shared
 * bytes. A real Blob would copy the 40 MB twice more, through a stream (most of a test start).
 * @param {SharedArrayBuffer} shared
 * @returns {Blob}
 */
function tarFrom(shared) {
  const tar = {
    type: '',
    arrayBuffer: () => Promise.resolve(new Uint8Array(shared).slice().buffer),
  };
  return /** @type {Blob} */ (/** @type {unknown} */ (tar));
}

/** @param {unknown} error */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  /** @type {Record<string, unknown>} */
  const fields = { message: error.message, name: error.name };
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value;
  }
  return fields;
}

/**
 * Statements are prepared once per SQL text and kept (up to a bound): planning a statement in
 * WebAssembly costs several times what running it does, and the same few statements carry
 * nearly all traffic. PostgreSQL re-plans them by itself when the schema changes.
 * @type {Map<string, { name: string, paramTypes: number[] }>}
 */
const prepared = new Map();
const maxPrepared = 500;
let statementCount = 0;

/** @param {Uint8Array[]} messages */
function concat(messages) {
  const out = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    out.set(message, offset);
    offset += message.length;
  }
  return out;
}

/** @param {string} sql */
async function forget(sql) {
  const statement = prepared.get(sql);
  if (!statement) return;
  prepared.delete(sql);
  const close = protocol.serialize.close({ type: 'S', name: statement.name });
  await pg.execProtocol(concat([close, protocol.serialize.sync()]), { throwOnError: false });
}

/** @param {string} sql */
async function prepare(sql) {
  const known = prepared.get(sql);
  if (known) return known;
  if (prepared.size >= maxPrepared) await forget(prepared.keys().next().value ?? '');
  const name = `sangdam_${++statementCount}`;
  const { messages } = await pg.execProtocol(
    concat([
      protocol.serialize.parse({ name, text: sql }),
      protocol.serialize.describe({ type: 'S', name }),
      protocol.serialize.sync(),
    ]),
  );
  const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
  prepared.set(sql, statement);
  return statement;
}

/**
 * One statement: bind, describe, execute and sync in a single call into PGlite, with
 * parameters serialised as PGlite's own query() does.
 * @param {string} sql
 * @param {unknown[]} params
 */
async function query(sql, params) {
  try {
    return await execute(sql, params);
  } catch (error) {
    // A prepared `select *` whose table changed since: prepare it again, and run it again unless
    // the error has already aborted the caller's transaction.
    if (!(error instanceof Error) || !error.message.startsWith('cached plan must not change'))
      throw error;
    await forget(sql);
    if (pg.isInTransaction()) throw error;
    return execute(sql, params);
  }
}

/**
 * @param {string} sql
 * @param {unknown[]} params
 */
async function execute(sql, params) {
  const { name, paramTypes } = await prepare(sql);
  const values = params.map((value, index) => {
    if (value === null || value === undefined) return null;
    const serializer = pg.serializers[paramTypes[index] ?? 0];
    return serializer ? serializer(value) : String(value);
  });
  const { messages } = await pg.execProtocol(
    concat([
      protocol.serialize.bind({ statement: name, values }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]),
  );
  const [result] = parse.parseResults(messages, pg.parsers);
  return result ?? { rows: [], affectedRows: 0 };
}

/** @param {{ id: number, sql?: string, params?: unknown[], begin?: string, close?: boolean, dump?: boolean }} request */
async function answer(request) {
  if (request.close) {
    await pg.close();
    return { id: request.id, rows: [] };
  }
  if (request.dump) {
    const tar = await pg.dumpDataDir('none');
    return { id: request.id, rows: [], data: new Uint8Array(await tar.arrayBuffer()) };
  }
  const sql = request.sql ?? '';
  if (request.begin) await pg.exec(request.begin);
  if (!request.params) {
    await pg.exec(sql);
    return { id: request.id, rows: [] };
  }
  const result = await query(sql, request.params);
  return { id: request.id, rows: result.rows, affectedRows: result.affectedRows };
}

pg.waitReady.then(
  () => port.postMessage({ ready: true }),
  (error) => port.postMessage({ ready: false, error: describe(error) }),
);

let previous = Promise.resolve();
port.on('message', (request) => {
  previous = previous
    .then(() => answer(request))
    .then(
      (reply) => port.postMessage(reply, reply.data ? [reply.data.buffer] : []),
      (error) => port.postMessage({ id: request.id, error: describe(error) }),
    );
});
