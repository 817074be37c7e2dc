import fc from 'fast-check';

/** The part of JSON Schema that `/api/docs/json` uses for bodies and parameters. */
export interface JsonSchema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Values no schema asks for and every client must be refused cleanly for. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    '',
    '\u0000',
    'a\u0000b',
    '\uD83D',
    '\uDC4D half',
    '__proto__',
    'constructor',
    'x'.repeat(100_000),
    -1,
    2 ** 31,
    2 ** 53,
    1e308,
    -0,
    0.5,
    true,
    [],
    {},
    JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
    { constructor: { prototype: { polluted: true } } },
  ),
  fc.string(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/**
 * Values shaped by `schema` (most of them valid), with any part replaced by a hostile value
 * now and then. `ids` are real ids to use for uuid fields, so updates reach real rows.
 */
export function arbitraryFor(schema: JsonSchema, ids: string[] = []): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: shaped(schema, ids) },
    { weight: 1, arbitrary: hostileValue },
  );
}

function shaped(schema: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, ids)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = [schema.type ?? 'object'].flat();
  const nullable = schema.nullable || types.includes('null');
  const type = types.find((t) => t !== 'null') ?? 'null';
  const value = ofType(type, schema, ids);
  return nullable ? fc.option(value, { nil: null }) : value;
}

function ofType(type: string, schema: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') {
        return ids.length > 0 ? fc.oneof(fc.uuid(), fc.constantFrom(...ids)) : fc.uuid();
      }
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time') return fc.date().map((d) => d.toISOString());
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 2_000),
        unit: 'grapheme',
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, ids), {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'null':
      return fc.constant(null);
    default: {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(properties.map(([key, s]) => [key, arbitraryFor(s, ids)])),
        { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) },
      );
    }
  }
}
