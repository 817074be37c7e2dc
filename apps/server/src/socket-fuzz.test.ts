import { agentCommands, customerCommands, errorCodes, type Ack } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hostileValue } from '../test/json-schema-arbitrary.ts';
import { startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';

const prototypeNames = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

/** A valid value of each payload field the commands use, so a replaced field is checked alone. */
function validBase(interactionId: string): Record<string, unknown> {
  return {
    interactionId,
    offerId: '6f1d8b5e-8a9c-4c1e-9a7e-2b7f0f3c1d2e',
    clientMessageId: `fuzz-${Math.random().toString(36).slice(2)}`,
    text: 'hello',
    afterSeq: 0,
    state: 'available',
    idleReasonId: null,
    reasonIds: ['6f1d8b5e-8a9c-4c1e-9a7e-2b7f0f3c1d2e'],
  };
}

/** Hostile payloads for one command: whole values, and each field of a valid payload replaced. */
function payloadsFor(schema: z.ZodType, seed: number, base: Record<string, unknown>): unknown[] {
  const values = fc.sample(hostileValue, { numRuns: 40, seed });
  const fields = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const nested = JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) as unknown;
  return [
    ...values,
    nested,
    { interactionId: nested },
    'x'.repeat(900_000),
    ...fields.flatMap((field) => values.slice(0, 15).map((value) => ({ ...base, [field]: value }))),
    ...fields.map(
      (field) => JSON.parse(`{"${field}": 1, "__proto__": {"${field}": "x"}}`) as unknown,
    ),
  ];
}

/** Every answer must be an ack with a stable code, and never INTERNAL. */
function expectCleanAck(ack: Ack<object>, what: string) {
  if (ack.ok) return;
  expect(errorCodes, what).toContain(ack.error.code);
  expect(ack.error.code, what).not.toBe('INTERNAL');
}

describe.each(engines)('socket commands under hostile payloads on %s', (engine) => {
  let server: TestServer;
  let agent: RecordingClient;
  let customer: RecordingClient;
  let interactionId: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const { cookie } = await server.login('supervisor@sangdam.local');
    ({ client: agent } = await server.agentSocket(cookie));
    const chat = await server.startChat();
    interactionId = chat.interactionId;
    customer = await server.customerSocket(chat.customerToken);
  });
  afterAll(() => server.close());

  it.each([
    ['agent', agentCommands, () => agent],
    ['customer', customerCommands, () => customer],
  ] as const)('answers every %s command with a stable code', async (side, table, client) => {
    let seed = 1;
    for (const [name, { payload }] of Object.entries(table)) {
      for (const value of payloadsFor(payload, seed++, validBase(interactionId))) {
        const ack = await client().send(name, value);
        expectCleanAck(ack, `${side} ${name} ${JSON.stringify(value)?.slice(0, 120)}`);
      }
    }
    for (const name of [...prototypeNames, 'nope', '', 'message:send '.repeat(100)]) {
      expect(await client().send(name, {}), name).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_EVENT' },
      });
    }
    expect(client().socket.connected).toBe(true);
    expect((await server.request('/healthz')).status).toBe(200);
  });
});
