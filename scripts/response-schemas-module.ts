import type { Plugin } from 'vite';
import { RESPONSE_SCHEMAS } from '../shared/model/api-responses.js';

/** The module id the dashboard imports its answer schemas from (renderer/transport/response-schemas.d.ts). */
export const RESPONSE_SCHEMAS_MODULE = 'virtual:response-schemas';
const RESOLVED_ID = `\0${RESPONSE_SCHEMAS_MODULE}`;

/**
 * The local API's answer schemas as plain JSON Schema, made when the dashboard is built: the page
 * checks every answer against them without TypeBox's type builders, which cost about a fifth of
 * the first draw (loading them, then building every schema before the first check). The JSON is
 * parsed from a string literal, which browsers read faster than the same object literal.
 */
export function responseSchemasModule(): Plugin {
  return {
    name: 'driveshare-response-schemas',
    resolveId: (id) => (id === RESPONSE_SCHEMAS_MODULE ? RESOLVED_ID : null),
    load: (id) => (id === RESOLVED_ID ? `export default JSON.parse(${JSON.stringify(JSON.stringify(RESPONSE_SCHEMAS))});` : null),
  };
}
