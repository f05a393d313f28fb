import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
}

/**
 * Checks real responses against the server's own /openapi.json: the response schemas of the
 * document are compiled with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) and each response
 * body is validated against the schema of its path, method, status and content type.
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; literal: boolean }>;

  readonly document: OpenApiDocument;

  /** `document` is the parsed /openapi.json (unknown until it is read; a wrong one fails on first use). */
  constructor(document: unknown) {
    this.document = document as OpenApiDocument;
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.templates = Object.keys(this.document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      literal: !template.includes('{'),
    }));
  }

  /** The path template a concrete path belongs to (literal templates win over parameterized ones). */
  templateOf(path: string): string {
    const matches = this.templates.filter((entry) => entry.pattern.test(path)).sort((a, b) => Number(b.literal) - Number(a.literal));
    if (matches.length === 0) throw new Error(`no OpenAPI path for ${path}`);
    return matches[0]!.template;
  }

  /** Throws with ajv's errors unless `body` (parsed JSON or text) fits the documented response. */
  check(method: string, url: string, status: number, contentType: string, body: unknown): void {
    const template = this.templateOf(url.split('?', 1)[0]!);
    const mediaType = contentType.split(';', 1)[0]!.trim();
    const key = `${method.toLowerCase()} ${template} ${status} ${mediaType}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      const operation = this.document.paths[template]?.[method.toLowerCase()];
      const schema = operation?.responses[String(status)]?.content?.[mediaType]?.schema;
      if (schema === undefined) throw new Error(`${key}: not documented in /openapi.json`);
      validate = this.ajv.compile(schema as object);
      this.compiled.set(key, validate);
    }
    if (!validate(body)) throw new Error(`${key}: response does not match the document: ${this.ajv.errorsText(validate.errors)}`);
  }

  /** Reads a fetch Response, validates it, and returns the parsed body (JSON) or text. */
  async read(method: string, url: string, response: Response): Promise<unknown> {
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    const body: unknown = contentType.startsWith('application/json') ? JSON.parse(text) : text;
    this.check(method, url, response.status, contentType, body);
    return body;
  }
}
