import { createServer } from 'node:http';
import pino from 'pino';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../test/redis-server.ts';
import { broadcastToOtherNodes, connectRedisFanOut, type RedisFanOut } from './redis-fan-out.ts';

const redis = await startTestRedis({ throwaway: true });

/** Settles within `ms`, or says it hung. */
const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([
    work.then(
      (value) => ({ settled: 'resolved' as const, value }),
      (error: unknown) => ({ settled: 'rejected' as const, error }),
    ),
    new Promise<{ settled: 'hung' }>((resolve) =>
      setTimeout(() => resolve({ settled: 'hung' }), ms),
    ),
  ]);

describe.skipIf(typeof redis === 'string')('the Redis fan-out when Redis goes away', () => {
  let current = redis as TestRedis;
  let fanOut: RedisFanOut;
  let io: Server;
  beforeAll(async () => {
    fanOut = await connectRedisFanOut(current.url, pino({ level: 'silent' }));
    const http = createServer();
    io = new Server(http);
    io.adapter(fanOut.adapter);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await io.close();
    await fanOut.close();
    await current.stop();
  });

  it('refuses a publish at once while Redis is down (no hung ack), and publishes again once it is back', async () => {
    const nsp = io.of('/agent');
    expect((await within(2000, broadcastToOtherNodes(nsp, 'room', 'ping', 1))).settled).toBe(
      'resolved',
    );
    const port = Number(new URL(current.url).port);
    await current.stop();
    const down = await within(2000, broadcastToOtherNodes(nsp, 'room', 'ping', 2));
    expect(down.settled).toBe('rejected');
    const back = await startTestRedis({ throwaway: true, port });
    if (typeof back === 'string') throw new Error(back);
    current = back;
    // The client reconnects with backoff; a publish goes through once it has.
    await expect
      .poll(
        async () => (await within(1000, broadcastToOtherNodes(nsp, 'room', 'ping', 3))).settled,
        {
          timeout: 10_000,
          interval: 200,
        },
      )
      .toBe('resolved');
  });
});
