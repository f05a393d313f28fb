import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { checkAddress } from '../../shared/address.js';
import { AppError, toErrorEnvelope, type ErrorCode } from '../../shared/errors.js';
import type { PageFallback } from './renderer.js';

/**
 * Every failure leaves the API as `{ error: { code, message } }` with a fitting status. Messages
 * come from our own AppErrors or from a fixed table; a stack trace, a file path or a library's
 * internal message never reaches a client.
 */
const STATUS_OF_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_address: 400,
  not_found: 404,
  method_not_allowed: 405,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
  cancelled: 409,
  internal: 500,
};

/** What a framework error (not ours) means for the client, with a fixed message. */
const FRAMEWORK_ERRORS: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'bad_request', message: 'the request is malformed (for example, the body is not valid JSON)' },
  404: { code: 'not_found', message: 'not found' },
  413: { code: 'bad_request', message: 'the request body is too large' },
  414: { code: 'bad_request', message: 'the URL is too long' },
  415: { code: 'bad_request', message: 'unsupported Content-Type; send application/json' },
  431: { code: 'bad_request', message: 'the request headers are too large' },
};

/** Names what a schema refused, "where: what", e.g. "query: unknown parameter sort_by". */
export function formatValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const where = dataVar === 'querystring' ? 'query' : dataVar;
  const messages: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'boolean') continue; // TypeBox repeats each unknown property as "schema is false".
    const unknown = (error.params as { additionalProperties?: unknown }).additionalProperties;
    if (error.keyword === 'additionalProperties' && Array.isArray(unknown)) {
      messages.push(`${where}: unknown parameter ${unknown.map(String).join(', ')}`);
    } else {
      messages.push(`${where}${error.instancePath}: ${error.message ?? 'invalid'}`);
    }
    if (messages.length === 3) break;
  }
  return new Error(messages.join('; ') || `${where}: invalid`);
}

function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string): void {
  void reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      // Hooks may have chosen a more precise status (414, 415) before refusing.
      const status = reply.statusCode >= 400 ? reply.statusCode : STATUS_OF_CODE[error.code];
      sendError(reply, status, error.code, error.message);
      return;
    }
    if (error.validation) {
      const address = (request.params as Record<string, unknown> | undefined)?.btc_addr;
      if (error.validationContext === 'params' && address !== undefined) {
        const check = checkAddress(address);
        if (!check.ok) return sendError(reply, 400, 'invalid_address', `invalid address: ${check.detail}`);
      }
      return sendError(reply, 400, 'bad_request', error.message);
    }
    const status = error.statusCode ?? 500;
    const known = FRAMEWORK_ERRORS[status];
    if (known !== undefined) return sendError(reply, status, known.code, known.message);
    if (status >= 400 && status < 500) return sendError(reply, status, 'bad_request', 'the request was refused');
    request.log.error({ err: error }, 'request failed');
    const envelope = toErrorEnvelope(error);
    return sendError(reply, 500, envelope.error.code, envelope.error.message);
  });

}

/** Unknown routes: the dashboard page for a browser navigation (when served), a JSON 404 otherwise. */
export function registerNotFound(app: FastifyInstance, pageFallback: PageFallback | null): void {
  app.setNotFoundHandler((request, reply) => {
    if (pageFallback?.(request, reply)) return;
    sendError(reply, 404, 'not_found', `no such route: ${request.method} ${request.url.split('?', 1)[0]!.slice(0, 200)}`);
  });
}

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Answers 405 (with Allow) for the methods a known path does not serve. Fastify alone says 404,
 * which would tell a client its URL is wrong when only the method is.
 */
export function registerMethodNotAllowed(app: FastifyInstance, routes: ReadonlyArray<{ method: string; url: string }>): void {
  const methodsByUrl = new Map<string, Set<string>>();
  for (const route of routes) {
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    methodsByUrl.set(route.url, methods);
  }
  for (const [url, methods] of methodsByUrl) {
    const allow = [...methods].join(', ');
    const others = ALL_METHODS.filter((method) => !methods.has(method));
    if (others.length === 0) continue;
    const refuse = (request: FastifyRequest, reply: FastifyReply): void => {
      void reply.header('allow', allow);
      sendError(reply, 405, 'method_not_allowed', `${request.method} is not allowed here; allowed: ${allow}`);
    };
    // Refused at onRequest, before the body is parsed: a wrong method is the first thing wrong
    // with the request, whatever its body or Content-Type (the global security hooks still run
    // first). The handler is what fastify requires of a route; the hook has answered by then.
    app.route({
      method: others,
      url,
      config: { methodNotAllowed: true },
      onRequest: async (request, reply) => {
        refuse(request, reply);
        return reply;
      },
      handler: refuse,
    });
  }
}

/** Malformed HTTP (before fastify sees a request) is answered with the same envelope, then the socket is closed. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const known = FRAMEWORK_ERRORS[status]!;
  const body = JSON.stringify({ error: known });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
