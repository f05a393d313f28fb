import packageJson from '../../package.json' with { type: 'json' };

/** What the OpenAPI document needs of a registered route (its fastify schema, plus doc fields). */
export interface DocumentedRoute {
  method: string;
  url: string;
  schema: {
    summary: string;
    description?: string;
    tags?: string[];
    params?: JsonSchemaObject;
    querystring?: JsonSchemaObject;
    body?: unknown;
    response?: Record<string | number, unknown>;
  };
}

interface JsonSchemaObject {
  properties?: Record<string, { description?: string } & Record<string, unknown>>;
  required?: string[];
}

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '202': 'Accepted',
  '204': 'No Content',
  '400': 'Bad request (invalid parameter, address or body)',
  '403': 'Forbidden (foreign Host or Origin)',
  '404': 'Not found',
  '405': 'Method not allowed',
  '409': 'Conflict',
  '413': 'Body too large',
  '414': 'URL too long',
  '415': 'Unsupported Content-Type',
  '503': 'Unavailable',
};

/** JSON Schema without the keywords OpenAPI has no use for in a document (TypeBox adds none today). */
function plain(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema)) as unknown;
}

function parameters(schema: JsonSchemaObject | undefined, location: 'path' | 'query'): unknown[] {
  if (schema?.properties === undefined) return [];
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (schema.required ?? []).includes(name),
    ...(property.description !== undefined ? { description: property.description } : {}),
    schema: plain(property),
  }));
}

/** A response entry: either `{ content: { type: { schema } } }` (non-JSON routes) or a bare JSON schema. */
function response(status: string, entry: unknown): unknown {
  const description = STATUS_TEXT[status] ?? 'Response';
  if (typeof entry === 'object' && entry !== null && 'content' in entry) {
    const content = (entry as { content: Record<string, { schema: unknown }> }).content;
    return {
      description,
      content: Object.fromEntries(Object.entries(content).map(([type, value]) => [type, { schema: plain(value.schema) }])),
    };
  }
  return { description, content: { 'application/json': { schema: plain(entry) } } };
}

/**
 * OpenAPI 3.1 built from the very schemas fastify validates and serializes with, so the document
 * cannot drift from what the server does. `:name` path segments become `{name}`.
 */
export function buildOpenApiDocument(routes: readonly DocumentedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const { schema } = route;
    const operation: Record<string, unknown> = {
      summary: schema.summary,
      ...(schema.description !== undefined ? { description: schema.description } : {}),
      ...(schema.tags !== undefined ? { tags: schema.tags } : {}),
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
      parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query')],
      responses: Object.fromEntries(Object.entries(schema.response ?? {}).map(([status, entry]) => [status, response(status, entry)])),
    };
    if (schema.body !== undefined) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: plain(schema.body) } } };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'driveshare-graph local API',
      version: packageJson.version,
      description:
        'Served on 127.0.0.1 only. Requests must carry a Host of localhost, 127.0.0.1 or [::1] with the port. ' +
        'PUT/POST need Content-Type: application/json. Errors are {"error":{"code","message"}}.',
    },
    paths,
  };
}
