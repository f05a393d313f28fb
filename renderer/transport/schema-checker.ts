/** True when `value` matches the schema the checker was built from. */
export type ValueChecker = (value: unknown) => boolean;

/** A whole-schema check for the nodes the closures below do not decide: TypeBox's `Check`, loaded only when needed. */
export type SchemaCheck = (schema: JsonSchema, value: unknown) => boolean;

/** A JSON Schema as the build serialized it (scripts/response-schemas-module.ts). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Keywords that describe a schema without constraining a value. */
const ANNOTATIONS = new Set(['description', 'default', 'title', 'examples', '~kind', '~optional']);
/** Keywords the closures below decide themselves; a schema using any other is checked by TypeBox whole. */
const BUILT = new Set([
  ...ANNOTATIONS,
  'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'anyOf', 'const',
]);

type SchemaObject = JsonSchema;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** TypeBox's `type` keyword for one type name (typebox/guard: `number` is finite, `object` is not an array). */
const TYPE_CHECKS: Record<string, ValueChecker> = {
  object: isPlainObject,
  array: (value) => Array.isArray(value),
  boolean: (value) => typeof value === 'boolean',
  integer: (value) => Number.isInteger(value),
  number: (value) => Number.isFinite(value),
  null: (value) => value === null,
  string: (value) => typeof value === 'string',
};

/** TypeBox reads own keys for these two names and `in` for every other (typebox/guard HasPropertyKey). */
function hasKey(value: Record<string, unknown>, key: string): boolean {
  return key === '__proto__' || key === 'constructor' ? Object.prototype.hasOwnProperty.call(value, key) : key in value;
}

function objectChecks(schema: SchemaObject, checks: ValueChecker[], fallback: SchemaCheck | null): void {
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const properties = isPlainObject(schema.properties) ? Object.entries(schema.properties).map(([key, property]) => ({
    key, check: buildChecker(property as JsonSchema, fallback), optional: !required.includes(key), ownOnly: key === '__proto__' || key === 'constructor',
  })) : [];
  const known = new Set(properties.map(({ key }) => key));
  const requiredOnly = required.filter((key) => !known.has(key));
  const additional = schema.additionalProperties;
  const additionalCheck = additional === undefined || additional === true ? null : additional === false ? () => false : buildChecker(additional as JsonSchema, fallback);
  checks.push((value) => {
    if (!isPlainObject(value)) return true;
    for (const key of requiredOnly) if (!hasKey(value, key)) return false;
    for (const { key, check, optional, ownOnly } of properties) {
      const field = value[key];
      // A defined value is there without asking `in` (the common case, and much the cheaper).
      const present = ownOnly ? Object.prototype.hasOwnProperty.call(value, key) : field !== undefined || key in value;
      if (!present) {
        if (optional) continue;
        return false;
      }
      // An optional property holding undefined counts as absent (TypeBox's inexact optionals).
      if (!(optional && field === undefined) && !check(field)) return false;
    }
    if (additionalCheck !== null) for (const key of Object.keys(value)) if (!known.has(key) && !additionalCheck(value[key])) return false;
    return true;
  });
}

function arrayChecks(schema: SchemaObject, checks: ValueChecker[], fallback: SchemaCheck | null): void {
  const item = schema.items === undefined ? null : buildChecker(schema.items as JsonSchema, fallback);
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
  checks.push((value) => {
    if (!Array.isArray(value)) return true;
    if (value.length < minItems || value.length > maxItems) return false;
    return item === null || value.every((element) => item(element));
  });
}

function numberChecks(schema: SchemaObject, checks: ValueChecker[]): void {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : Number.NEGATIVE_INFINITY;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
  if (schema.minimum === undefined && schema.maximum === undefined) return;
  checks.push((value) => !Number.isFinite(value) || ((value as number) >= minimum && (value as number) <= maximum));
}

/** True when the closures below can decide this schema node on their own (its children are judged separately). */
function buildable(schema: SchemaObject): boolean {
  if (!Object.keys(schema).every((key) => BUILT.has(key))) return false;
  if (schema.type !== undefined && (typeof schema.type !== 'string' || !(schema.type in TYPE_CHECKS))) return false;
  if (schema.items !== undefined && (Array.isArray(schema.items) || typeof schema.items !== 'object')) return false;
  if (schema.const !== undefined && typeof schema.const === 'object' && schema.const !== null) return false;
  if (schema.anyOf !== undefined && !Array.isArray(schema.anyOf)) return false;
  return true;
}

/** The schema nodes below this one (properties, items, additional properties, union members). */
function children(schema: SchemaObject): unknown[] {
  return [
    ...(isPlainObject(schema.properties) ? Object.values(schema.properties) : []),
    ...(isPlainObject(schema.items) ? [schema.items] : []),
    ...(isPlainObject(schema.additionalProperties) ? [schema.additionalProperties] : []),
    ...(Array.isArray(schema.anyOf) ? (schema.anyOf as unknown[]) : []),
  ];
}

/** True when some node of the schema uses a keyword the closures do not decide, so building it needs a `SchemaCheck`. */
export function needsSchemaCheck(schema: JsonSchema): boolean {
  if (!buildable(schema)) return true;
  return children(schema).some((child) => !isPlainObject(child) || needsSchemaCheck(child));
}

/**
 * A checker built once from a JSON Schema as a tree of closures: the same verdict as TypeBox's
 * `Check` for the keywords the answers use (types, properties, items, bounds, unions, constants),
 * without re-reading the schema for every value — a year of network payload is checked in about
 * a millisecond instead of 30–140 ms. Generated code is not an option (the page's
 * Content-Security-Policy forbids it); a schema node with any other keyword is handed to
 * `fallback`, which must be given when `needsSchemaCheck` says so.
 */
export function buildChecker(schema: JsonSchema, fallback: SchemaCheck | null): ValueChecker {
  if (typeof schema !== 'object' || schema === null || !buildable(schema)) {
    if (fallback === null) throw new Error(`a schema node needs a full schema check: ${JSON.stringify(schema).slice(0, 120)}`);
    return (value) => fallback(schema, value);
  }
  const checks: ValueChecker[] = [];
  if (typeof schema.type === 'string') checks.push(TYPE_CHECKS[schema.type]!);
  if (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties !== undefined) objectChecks(schema, checks, fallback);
  if (schema.items !== undefined || schema.minItems !== undefined || schema.maxItems !== undefined) arrayChecks(schema, checks, fallback);
  numberChecks(schema, checks);
  if (schema.const !== undefined) checks.push((value) => value === schema.const);
  if (Array.isArray(schema.anyOf)) {
    const options = (schema.anyOf as JsonSchema[]).map((option) => buildChecker(option, fallback));
    checks.push((value) => options.some((option) => option(value)));
  }
  return (value) => checks.every((check) => check(value));
}
