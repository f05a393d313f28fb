import Type from 'typebox';
import { Check, Create } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import schemas from 'virtual:response-schemas';
import { buildChecker, needsSchemaCheck, type JsonSchema, type SchemaCheck } from '../../../renderer/transport/schema-checker.js';
import { RESPONSE_SCHEMAS, type ResponseKind } from '../../../shared/model/api-responses.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that break most schemas in a different way each. */
const REPLACEMENTS: readonly Json[] = [null, true, 0, -1, 1.5, 1e300, '', 'x', [], [0], {}, { extra: 1 }];

/** Every copy of `value` with one place (a field, an item, the whole) replaced, removed or added to. */
function mutations(value: Json): Json[] {
  const out: Json[] = [...REPLACEMENTS];
  if (Array.isArray(value)) {
    out.push([], [...value, ...value]);
    value.forEach((item, index) => {
      for (const changed of mutations(item)) out.push(value.map((other, at) => (at === index ? changed : other)));
    });
  } else if (value !== null && typeof value === 'object') {
    out.push({ ...value, unexpected: 1 });
    for (const key of Object.keys(value)) {
      const { [key]: _removed, ...rest } = value;
      out.push(rest);
      // What a caller's object (not parsed JSON) may hold: an optional property set to undefined.
      out.push({ ...value, [key]: undefined } as unknown as Json);
      for (const changed of mutations(value[key]!)) out.push({ ...value, [key]: changed });
    }
  }
  return out;
}

type Node = { type?: unknown; items?: unknown; minItems?: number; properties?: Record<string, Node>; anyOf?: Node[] };

/**
 * A valid value with every optional property present and one item in each array (TypeBox's
 * Create leaves both out), so the changes reach item and optional schemas; where the filled-in
 * value does not pass (a pattern Create cannot meet), TypeBox's own is kept.
 */
function filledSample(schema: Node): Json | undefined {
  let candidate: Json | undefined;
  if (schema.type === 'array' && schema.items !== undefined && !Array.isArray(schema.items)) {
    const item = filledSample(schema.items as Node);
    candidate = item === undefined ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
  } else if (schema.type === 'object' && schema.properties !== undefined) {
    const entries = Object.entries(schema.properties).map(([key, property]) => [key, filledSample(property)] as const);
    candidate = Object.fromEntries(entries.filter((entry): entry is readonly [string, Json] => entry[1] !== undefined));
  } else if (Array.isArray(schema.anyOf)) {
    candidate = filledSample(schema.anyOf[0]!);
  } else {
    candidate = created(schema);
  }
  return candidate !== undefined && Check(schema as never, candidate) ? candidate : created(schema);
}

/** TypeBox's own value, or undefined where it cannot make one (a pattern without a default). */
function created(schema: Node): Json | undefined {
  try {
    return Create(schema as never) as Json;
  } catch {
    return undefined;
  }
}

/** TypeBox's verdict, as the page loads it for the nodes the closures leave to it. */
const typeBoxCheck: SchemaCheck = (schema, value) => Check(schema, value);

describe('the closure checker', () => {
  it('reads the schemas the build serialized, equal to the shared ones', () => {
    expect(schemas).toEqual(JSON.parse(JSON.stringify(RESPONSE_SCHEMAS)));
  });

  it('checks the answers the dashboard draws first without loading TypeBox', () => {
    for (const kind of ['network', 'status'] as const) expect(needsSchemaCheck(schemas[kind])).toBe(false);
    expect(needsSchemaCheck(schemas.settings)).toBe(true);
    expect(() => buildChecker(schemas.settings, null)).toThrow(/needs a full schema check/);
  });

  it.each(Object.keys(RESPONSE_SCHEMAS) as ResponseKind[])('gives TypeBox’s verdict on %s answers and every one-place change to them', (kind) => {
    const schema = RESPONSE_SCHEMAS[kind];
    const check = buildChecker(schemas[kind], typeBoxCheck);
    const valid = filledSample(schema as Node)!;
    const samples = [valid, Create(schema) as Json, ...mutations(valid)];
    let rejected = 0;
    for (const sample of samples) {
      const expected = Check(schema, sample);
      expect({ sample, verdict: check(sample) }).toEqual({ sample, verdict: expected });
      if (!expected) rejected++;
    }
    // The changes must reach the schema's constraints, or the comparison proves little.
    expect(rejected).toBeGreaterThan(samples.length / 4);
  });

  it('checks bounds, unions, constants and closed objects as TypeBox does', () => {
    const schema = Type.Object(
      {
        count: Type.Integer({ minimum: 0, maximum: 10 }),
        ratio: Type.Union([Type.Number(), Type.Null()]),
        kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
        list: Type.Array(Type.String(), { minItems: 1, maxItems: 2 }),
        note: Type.Optional(Type.String({ pattern: '^n' })),
      },
      { additionalProperties: false },
    );
    const check = buildChecker(schema as unknown as JsonSchema, typeBoxCheck);
    const valid = { count: 3, ratio: null, kind: 'a', list: ['x'], note: 'no' };
    for (const sample of [valid, ...mutations(valid), { ...valid, note: 'yes' }, { ...valid, count: 11 }, { ...valid, ratio: Number.NaN }]) {
      expect({ sample, verdict: check(sample) }).toEqual({ sample, verdict: Check(schema, sample) });
    }
    expect(check(valid)).toBe(true);
    expect(check({ ...valid, note: 'yes' })).toBe(false);
  });
});
