import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * Fastify validates params, query and bodies with the TypeBox compiler — the engine the handlers
 * and the IPC adapter use. URL parts arrive as strings, so they are converted (e.g. "50" → 50)
 * before checking, as @fastify/type-provider-typebox's compiler does; unlike it, a value that
 * already fits is not converted, which saves most of the per-request validation cost.
 */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    if (check.Check(value)) return { value };
    const candidate = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (check.Check(candidate)) return { value: candidate };
    return { error: check.Errors(candidate) };
  };
};
