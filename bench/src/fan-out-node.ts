// One receiving node of the fan-out bench, in a process of its own so that its CPU is its own:
// a Socket.IO server on the PostgreSQL or the sharded Redis adapter whose every client joins the
// room `held`. Its parent asks for process.cpuUsage() over IPC.
import { createAdapter } from '@socket.io/postgres-adapter';
import { connectRedisFanOut } from '@sangdam/server/src/realtime/redis-fan-out.ts';
import { openDatabase } from '@sangdam/store';
import { createServer } from 'node:http';
import pino from 'pino';
import { Server } from 'socket.io';

const [kind, url] = process.argv.slice(2) as ['postgres' | 'redis', string];
const httpServer = createServer();
const io = new Server(httpServer);
const database = kind === 'postgres' ? await openDatabase({ kind, url, poolSize: 2 }) : null;
// The adapter's listening connection goes back to the pool idle at close.
database?.pool!.on('error', () => {});
const redis = kind === 'redis' ? await connectRedisFanOut(url, pino({ level: 'warn' })) : null;
if (database) io.adapter(createAdapter(database.pool!, { tableName: 'socket_io_attachments' }));
if (redis) io.adapter(redis.adapter);
io.on('connection', (socket) => {
  void socket.join('held');
  void (redis?.subscribed() ?? Promise.resolve()).then(() => socket.emit('joined'));
});
httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  process.send!({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'usage') process.send!({ type: 'usage', cpu: process.cpuUsage() });
  if (message.type === 'stop') {
    void io
      .close()
      .then(() => redis?.close())
      .then(() => database?.close())
      .then(() => process.exit(0));
  }
});
