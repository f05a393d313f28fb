import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DEFAULT_API_PORT, LOOPBACK_HOST } from '../../shared/defaults.js';
import type { HandlerContext } from '../handlers/context.js';
import type { Logger } from '../logging/logger.js';
import type { ApiApp } from './app-type.js';
import { registerCompression } from './compression.js';
import { FIRST_ANSWER_HEADER, answerFirstOnce } from './first-answers.js';
import { answerClientError, formatValidationErrors, registerErrorHandling, registerMethodNotAllowed, registerNotFound } from './errors.js';
import { buildOpenApiDocument, type DocumentedRoute } from './openapi.js';
import { registerRenderer } from './renderer.js';
import { registerRoutes } from './routes/index.js';
import { registerSecurity } from './security.js';
import { typeBoxValidatorCompiler } from './validator-compiler.js';

export type { ApiApp };

export interface ApiServerOptions {
  /** 0 picks a free port (the chosen URL is logged). */
  port?: number;
  /** The built renderer (out/renderer) to serve at `/`, or null to serve the API alone (desktop). */
  rendererDir?: string | null;
  /** The API's logger (the engine's 'api' child); requests are logged at debug. */
  logger: Logger;
  /** Told the URL once the server listens (fastify also logs it at info). */
  onListening?: (url: string) => void;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /** The socket address actually bound (always 127.0.0.1). */
  readonly address: AddressInfo;
  readonly app: ApiApp;
  close(): Promise<void>;
}

/** Logs each request once, when it completes, at debug level (fastify's default is two info lines). */
class DebugRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (request.headers[FIRST_ANSWER_HEADER] !== undefined) return;
    if (error) reply.log.error({ err: error, method: request.method, url: request.url, statusCode: reply.statusCode }, 'request errored');
    else reply.log.debug({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request');
  }
}

/** The fastify instance with the API's limits, error formats and TypeBox validation, logging to `logger`. */
function createFastify(logger: Logger): ApiApp {
  // Typed as fastify's own logger interface, so the app keeps the ApiApp type the routes are written for.
  const loggerInstance: FastifyBaseLogger = logger;
  return Fastify({
    loggerInstance,
    logController: new DebugRequestLog(),
    bodyLimit: 64 * 1024,
    // Above MAX_URL_LENGTH, so an overlong URL reaches our hook and gets our 414 envelope.
    routerOptions: { maxParamLength: 8192 },
    schemaErrorFormatter: formatValidationErrors,
    clientErrorHandler: answerClientError,
    requestTimeout: 30_000,
    // Open event streams must not keep `close()` waiting.
    forceCloseConnections: true,
    return503OnClosing: true,
  })
    .setValidatorCompiler(typeBoxValidatorCompiler)
    .withTypeProvider<TypeBoxTypeProvider>();
}

/** Builds the app (not yet listening): security, routes, OpenAPI, renderer, errors. */
export async function buildApiApp(context: HandlerContext, options: ApiServerOptions): Promise<{ app: ApiApp; setPort(port: number): void }> {
  let boundPort = options.port ?? DEFAULT_API_PORT;
  let corsOrigins: ReadonlySet<string> = new Set(context.settings.get().corsOrigins);
  const unsubscribe = context.settings.onChange((settings) => {
    corsOrigins = new Set(settings.corsOrigins);
  });

  const app = createFastify(options.logger);

  app.addHook('onClose', () => unsubscribe());
  // An empty body with Content-Type: application/json means "no body" (e.g. a cancel), not an error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      const error = new Error('invalid JSON') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  const documented: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const schema = route.schema as DocumentedRoute['schema'] | undefined;
    if (schema?.summary === undefined) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') documented.push({ method, url: route.url, schema });
    }
  });

  registerErrorHandling(app);
  await registerCompression(app);
  registerSecurity(app, { port: () => boundPort, corsOrigins: () => corsOrigins });
  registerRoutes(app, context, () => openApiText);
  registerMethodNotAllowed(app, documented);
  registerNotFound(app, await registerRenderer(app, options.rendererDir ?? null));
  const openApiText = JSON.stringify(buildOpenApiDocument(documented));

  return {
    app,
    setPort(port: number) {
      boundPort = port;
    },
  };
}

/** Starts the local API on 127.0.0.1 (never another interface). */
export async function startApiServer(context: HandlerContext, options: ApiServerOptions): Promise<ApiServer> {
  const { app, setPort } = await buildApiApp(context, options);
  await app.listen({ host: LOOPBACK_HOST, port: options.port ?? DEFAULT_API_PORT });
  const address = app.server.address() as AddressInfo;
  const port = address.port;
  setPort(port);
  await answerFirstOnce(app, `${LOOPBACK_HOST}:${port}`);
  const url = `http://${LOOPBACK_HOST}:${port}`;
  options.onListening?.(url);
  return { url, port, address, app, close: () => app.close() };
}
