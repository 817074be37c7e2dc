import { errorCodes, isStorableText } from '@sangdam/contracts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbitraryFor, hostileValue, type JsonSchema } from '../test/json-schema-arbitrary.ts';
import { startTestServer, type TestServer } from '../test/test-server.ts';

interface Operation {
  method: string;
  path: string;
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content?: { 'application/json'?: { schema: JsonSchema } } };
}

/** Every id the admin can see, so generated updates and deletes reach real rows too. */
function idsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) idsIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'id' && typeof item === 'string') into.add(item);
      else idsIn(item, into);
    }
  }
  return into;
}

/**
 * A path segment; an object goes out as its JSON text (a path carries only text, and generated
 * objects may have keys like `toString: null`); a lone surrogate as the invalid UTF-8 bytes it
 * would be.
 */
function pathSegment(value: unknown): string {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  if (isStorableText(text)) return encodeURIComponent(text);
  return `%ED%A0%80${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '').replace(/\0/g, ''))}%00`;
}

/** Asserts what every answer to anything must be: never a 5xx, every error `{ code, message }`. */
async function expectCleanAnswer(response: Response, what: string) {
  expect(response.status, what).toBeLessThan(500);
  if (response.status < 400) return;
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort(), what).toEqual(['code', 'message']);
  expect(errorCodes, what).toContain(body.code);
}

describe.each(engines)('every HTTP operation under generated input on %s', (engine) => {
  let server: TestServer;
  let operations: Operation[];
  let headers: Record<string, string>;
  let ids: string[];

  beforeAll(async () => {
    server = await startTestServer(engine);
    const { cookie, session } = await server.login('admin@sangdam.local');
    headers = { cookie, 'x-csrf-token': session.csrfToken };
    const doc = (await (await server.request('/api/docs/json')).json()) as {
      paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ ...op, method, path })),
    );
    const found = new Set<string>();
    for (const op of operations.filter((o) => o.method === 'get' && !o.path.includes('{'))) {
      idsIn(await (await server.request(op.path, { headers })).json(), found);
    }
    ids = [...found];
  });
  afterAll(() => server.close());

  it('finds the operations to fuzz in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(25);
  });

  it('answers every operation without a 5xx and with { code, message } errors', async () => {
    // Signing out would end the fuzzing session; it is covered by its own tests.
    for (const op of operations.filter(
      (o) => !(o.method === 'delete' && o.path === '/api/v1/session'),
    )) {
      const params = op.parameters?.filter((p) => p.in === 'path') ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        params: fc.tuple(...params.map((p) => arbitraryFor(p.schema, ids))),
        body: bodySchema ? arbitraryFor(bodySchema, ids) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ params: values, body }) => {
          let path = op.path;
          params.forEach((p, i) => {
            path = path.replace(`{${p.name}}`, pathSegment(values[i]));
          });
          const response = await server.request(path, {
            method: op.method.toUpperCase(),
            headers,
            ...(body !== undefined && { json: body }),
          });
          await expectCleanAnswer(
            response,
            `${op.method} ${path} ${JSON.stringify(body)?.slice(0, 200)}`,
          );
        }),
        { numRuns: 30 },
      );
    }
    // 30 requests per operation, and every feature adds operations: ~20–30 s on a busy machine.
  }, 120_000);

  it('answers malformed bodies on every mutation cleanly', async () => {
    const malformed = [
      '[['.repeat(50_000),
      '{"a":'.repeat(10_000),
      '{"name": "\\u0000"}',
      '{"name": "\\ud800"}',
      '\u0000',
      '',
      'null',
      '"just a string"',
    ];
    for (const op of operations.filter((o) => o.method !== 'get')) {
      if (op.method === 'delete' && op.path === '/api/v1/session') continue;
      const path = op.path.replace(/\{[^}]+\}/g, () => ids[0] ?? 'x');
      for (const body of malformed) {
        const response = await server.request(path, {
          method: op.method.toUpperCase(),
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
        await expectCleanAnswer(response, `${op.method} ${path} ${body.slice(0, 30)}`);
      }
    }
  });

  it('answers hostile query strings, paths and headers cleanly', async () => {
    const samples = fc.sample(hostileValue, { numRuns: 30, seed: 7 });
    for (const value of samples) {
      const text = encodeURIComponent(JSON.stringify(value) ?? 'undefined').slice(0, 4_000);
      for (const path of [
        `/api/v1/${text}`,
        `/api/v1/entry-points/${text}`,
        `/api/v1/reference?x=${text}`,
      ]) {
        await expectCleanAnswer(await server.request(path, { headers }), path.slice(0, 80));
      }
    }
    await expectCleanAnswer(await server.request('/api/v1/%E0%A4%A'), 'broken escape');
    await expectCleanAnswer(
      await server.request('/api/v1/reference', { headers: { cookie: 'sangdam_session=%00' } }),
      'NUL cookie',
    );
  });
});
