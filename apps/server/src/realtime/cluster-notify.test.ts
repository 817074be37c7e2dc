// The notifications sent inside a transaction must be what @socket.io/postgres-adapter 0.5.0
// itself publishes, and another node's adapter must deliver them — only at commit.
import { createAdapter, PostgresAdapter } from '@socket.io/postgres-adapter';
import { createTestDatabase } from '@sangdam/store/test/test-databases.ts';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { broadcastLocally, clusterNotification, notifyInTransaction } from './cluster-notify.ts';

describe('fan-out with the commit over the PostgreSQL adapter', () => {
  const closing: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const close of closing.reverse()) await close();
    closing.length = 0;
  });

  async function node(pool: NonNullable<Awaited<ReturnType<typeof createTestDatabase>>['pool']>) {
    const http: HttpServer = createServer();
    const io = new Server(http);
    io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments' }));
    io.of('/customer').on('connection', (socket) => void socket.join('customer:room'));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    closing.push(() => io.close());
    return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  }

  async function client(url: string): Promise<Socket> {
    const socket = connect(`${url}/customer`, { transports: ['websocket'], forceNew: true });
    closing.push(() => void socket.disconnect());
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    return socket;
  }

  it('writes the message the adapter itself publishes for a room broadcast', async () => {
    const database = await createTestDatabase('postgres');
    closing.push(() => database.close());
    const { io } = await node(database.pool!);
    // doPublish is protected: the spy sees each message the adapter sends to the other nodes.
    const adapterClass = PostgresAdapter.prototype as unknown as {
      doPublish(message: unknown): Promise<string>;
    };
    const published = vi.spyOn(adapterClass, 'doPublish');
    const payload = { type: 'message', seq: 7, text: '안녕하세요 — "quoted"', at: new Date(0) };
    io.of('/customer').to('customer:room').emit('interaction:event', payload);
    await vi.waitFor(() => expect(published).toHaveBeenCalled());
    const adapterMessage = JSON.parse(JSON.stringify(published.mock.calls[0]![0])) as unknown;

    const ours = clusterNotification(
      io.of('/customer'),
      'customer:room',
      'interaction:event',
      payload,
    );
    expect(ours!.channel).toBe('socket.io#/customer');
    expect(JSON.parse(ours!.payload)).toEqual(adapterMessage);
    // Too large for a notification: the caller publishes after commit instead.
    expect(
      clusterNotification(io.of('/customer'), 'customer:room', 'e', { text: 'x'.repeat(9000) }),
    ).toBeNull();
  });

  it('reaches another node’s clients at commit, not before, and never on rollback', async () => {
    const database = await createTestDatabase('postgres');
    closing.push(() => database.close());
    const sender = await node(database.pool!);
    const other = await node(database.pool!);
    const local = await client(sender.url);
    const remote = await client(other.url);
    const seen = { local: [] as number[], remote: [] as number[] };
    // seq 0: the probes below (late copies may still arrive); the rest is what is checked.
    let probed = false;
    local.on('interaction:event', (event: { seq: number }) => {
      if (event.seq > 0) seen.local.push(event.seq);
    });
    remote.on('interaction:event', (event: { seq: number }) => {
      if (event.seq > 0) seen.remote.push(event.seq);
      else probed = true;
    });
    const nsp = sender.io.of('/customer');
    // The adapters LISTEN once connected; a plain broadcast shows when they hear each other.
    await vi.waitFor(
      () => {
        nsp.to('customer:room').emit('interaction:event', { seq: 0 });
        expect(probed).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );

    const note = (seq: number) =>
      clusterNotification(nsp, 'customer:room', 'interaction:event', { seq })!;
    await database.db
      .transaction()
      .execute(async (tx) => {
        await notifyInTransaction(tx, [note(1)]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await database.db.transaction().execute(async (tx) => {
      await notifyInTransaction(tx, [note(2), note(3)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen.remote).toEqual([]);
    });
    broadcastLocally(nsp, 'customer:room', 'interaction:event', { seq: 2 });
    broadcastLocally(nsp, 'customer:room', 'interaction:event', { seq: 3 });
    await vi.waitFor(() => expect(seen.remote).toEqual([2, 3]));
    await vi.waitFor(() => expect(seen.local).toEqual([2, 3]));
    // The sender's own adapter ignored its notifications: its client got each push once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.local).toEqual([2, 3]);
  });
});
