// A mail worker thread (see mail-workers.ts): parses and screens received mail with the same pure
// function the main thread would run (receive.ts), so a large mail's CPU time never holds the
// main thread's sockets and timers. Plain JavaScript so the thread starts under any runner; it
// loads the TypeScript sources through tsx.
// Requests: { id, raw, options } with `raw` moved in. Replies: { ready: true } once loaded, then
// { id, result } (its buffers moved out) or { id, error: message }, one request at a time.
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('mail-worker.js runs only as a worker thread');

// A worker thread does not inherit the main thread's module hooks (Node 20): tsx is registered here.
const { register } = await import('tsx/esm/api');
register();
const { receiveMail, movableBuffersOf } = await import('./receive.ts');

port.on('message', async ({ id, raw, options }) => {
  try {
    const result = await receiveMail(raw, options);
    port.postMessage({ id, result }, movableBuffersOf(result));
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ ready: true });
