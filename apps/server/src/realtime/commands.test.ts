import type { Ack } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bindCommands } from './commands.ts';

const table = {
  echo: { payload: z.object({ text: z.string() }), result: z.object({ text: z.string() }) },
  'throws-sync': { payload: z.object({}), result: z.object({}) },
  'rejects-with-string': { payload: z.object({}), result: z.object({}) },
  'app-error': { payload: z.object({}), result: z.object({}) },
  refused: { payload: z.object({}), result: z.object({}) },
  record: { payload: z.object({ n: z.number() }), result: z.object({}) },
} as const;

describe('socket commands behind their boundary', () => {
  let server: Server;
  /** What `record` saw, in the order its handler ran. */
  const recorded: number[] = [];
  let recordAdmits = 0;
  let client: Socket;
  const send = (event: string, ...args: unknown[]) =>
    client.timeout(5_000).emitWithAck(event, ...args) as Promise<Ack<object>>;

  beforeAll(async () => {
    const http = createServer();
    server = new Server(http);
    server.on('connection', (socket) => {
      bindCommands(
        socket,
        table,
        {
          echo: ({ text }) => Promise.resolve({ text }),
          // A handler that is not even async when it fails.
          'throws-sync': () => {
            throw new TypeError('boom');
          },
          'rejects-with-string': () => Promise.reject(new Error('not an AppError')),
          'app-error': () => Promise.reject(new AppError('NOT_FOUND', 'No such thing')),
          refused: () => Promise.resolve({}),
          record: ({ n }) => {
            recorded.push(n);
            return Promise.resolve({});
          },
        },
        {
          log: pino({ level: 'silent' }),
          admit: async (command) => {
            if (command === 'refused') throw new AppError('RATE_LIMITED', 'Slow down');
            // The first `record` waits for its admission (a settings read, say); the rest do not.
            if (command === 'record' && recordAdmits++ === 0) {
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          },
        },
      );
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  });
  afterAll(async () => {
    client.disconnect();
    await server.close();
  });

  it('runs a socket’s commands in the order they arrived, however long each admission takes', async () => {
    await Promise.all([1, 2, 3, 4, 5].map((n) => send('record', { n })));
    expect(recorded).toEqual([1, 2, 3, 4, 5]);
  });

  it('acks a valid command with its result', async () => {
    expect(await send('echo', { text: 'hi' })).toEqual({ ok: true, text: 'hi' });
  });

  it('answers a handler that throws with INTERNAL and keeps serving', async () => {
    expect(await send('throws-sync', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await send('rejects-with-string', {})).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(await send('app-error', {})).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such thing' },
    });
    expect(await send('echo', { text: 'still here' })).toEqual({ ok: true, text: 'still here' });
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'nope'])(
    'answers an event named %s with UNKNOWN_EVENT',
    async (name) => {
      expect(await send(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    },
  );

  it('takes a command sent with only an ack as an empty payload', async () => {
    expect(await send('app-error')).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses a command its admission check refuses, before the handler runs', async () => {
    expect(await send('refused', {})).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('answers a payload of the wrong shape with VALIDATION_FAILED naming the field', async () => {
    expect(await send('echo', { text: 42 })).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^text: /) as string },
    });
  });
});
