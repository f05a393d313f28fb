import schemas from 'virtual:response-schemas';
import { AppError } from '../../shared/errors.js';
import type { ResponseKind, ResponseOf } from '../../shared/model/api-responses.js';
import { buildChecker, needsSchemaCheck, type JsonSchema, type SchemaCheck, type ValueChecker } from './schema-checker.js';

/*
 * The local-API answers' schemas come as plain JSON Schema from the build, and this module is
 * loaded on the HTTP client's first request, so the start-up bundle stays small and the desktop
 * window, which talks IPC, never loads it. TypeBox itself loads only for what the closures do not
 * decide (a few settings keywords) and to say where a rejected answer differs.
 */

const loadTypeBoxCheck = async (): Promise<SchemaCheck> => {
  const { Check } = await import('typebox/value');
  return (schema, value) => Check(schema, value);
};

/** Each kind's checker, built on its first answer. */
const checkers = new Map<ResponseKind, Promise<ValueChecker>>();

function checkerFor(kind: ResponseKind): Promise<ValueChecker> {
  let checker = checkers.get(kind);
  if (checker === undefined) {
    const schema: JsonSchema = schemas[kind];
    checker = needsSchemaCheck(schema) ? loadTypeBoxCheck().then((check) => buildChecker(schema, check)) : Promise.resolve(buildChecker(schema, null));
    checkers.set(kind, checker);
  }
  return checker;
}

/** Where the value first differs from the schema, in TypeBox's words. */
async function firstDifference(schema: JsonSchema, value: unknown): Promise<string> {
  const { Errors } = await import('typebox/value');
  const first = [...Errors(schema, value)][0];
  return first === undefined ? '' : ` (${first.instancePath || '/'} ${first.message})`;
}

/**
 * The answer as its schema types it, or an error saying where it differs: a proxy, an older
 * engine or a bug surfaces as a clear failure, not as a view reading fields that are not there.
 */
export async function checkedResponse<K extends ResponseKind>(kind: K, value: unknown, path: string): Promise<ResponseOf<K>> {
  // The checker gives TypeBox Check's verdict on this schema (schema-checker.ts), so the value is its type.
  if ((await checkerFor(kind))(value)) return value as ResponseOf<K>;
  const where = await firstDifference(schemas[kind], value);
  throw new AppError('internal', `the local API answered ${path} with an unexpected shape${where}`);
}
