import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

/**
 * Everything that keeps the local API closed to other sites and other machines (besides the
 * loopback-only bind in server.ts):
 * - DNS rebinding: a request whose Host is not localhost / 127.0.0.1 / [::1] with our port is refused;
 * - cross-site writes: PUT/POST with a body need `Content-Type: application/json` (which a page
 *   cannot send cross-site without a preflight), and any Origin must be ours or explicitly allowed;
 * - CORS headers only for origins on the configured allow-list;
 * - bounded URLs; strict headers on every response; API responses are never cached.
 */
export const MAX_URL_LENGTH = 2048;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Only what the dashboard needs: its own scripts, styles, images, and fetch/EventSource to itself. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface SecurityOptions {
  /** The bound port (known once listening). */
  port(): number;
  /** Origins (e.g. http://localhost:8080) that may call the API cross-origin; empty: none. */
  corsOrigins(): ReadonlySet<string>;
}

function ownOrigins(port: number): Set<string> {
  return new Set(LOOPBACK_HOSTS.map((host) => `http://${host}:${port}`));
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const mediaType = header.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}

/**
 * A body-less request (e.g. a cancel) carries no Content-Type. It is still not callable from
 * another site: every browser sends Origin with a cross-site POST/PUT, and that is checked first;
 * a cross-site form always has a body (and a non-JSON type), which is refused.
 */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function setCorsHeaders(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
}

/** Null when the request may proceed; an AppError to refuse it; 'answered' when a preflight was answered. */
function screen(request: FastifyRequest, reply: FastifyReply, options: SecurityOptions): AppError | 'answered' | null {
  if (request.url.length > MAX_URL_LENGTH) {
    reply.code(414);
    return new AppError('bad_request', `the URL is longer than ${MAX_URL_LENGTH} characters`);
  }
  const port = options.port();
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !LOOPBACK_HOSTS.some((name) => host === `${name}:${port}`)) {
    return new AppError('forbidden', `host not allowed: this API answers only to localhost, 127.0.0.1 and [::1] on port ${port}`);
  }

  const origin = request.headers.origin;
  const allowListed = origin !== undefined && options.corsOrigins().has(origin);
  if (allowListed) setCorsHeaders(reply, origin);

  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
    if (!allowListed) return new AppError('forbidden', 'cross-origin requests are not allowed from this origin');
    void reply
      .code(204)
      .header('access-control-allow-methods', 'GET, PUT, POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600')
      .send();
    return 'answered';
  }

  // A method the route does not serve gets its 405 whatever the body; nothing will be changed.
  const methodNotAllowed = (request.routeOptions.config as { methodNotAllowed?: boolean }).methodNotAllowed === true;
  if (STATE_CHANGING.has(request.method) && !methodNotAllowed) {
    if (origin !== undefined && !allowListed && !ownOrigins(port).has(origin)) {
      return new AppError('forbidden', 'state-changing requests are not allowed from another site');
    }
    if (hasBody(request) && !isJsonContentType(request.headers['content-type'])) {
      reply.code(415);
      return new AppError('bad_request', 'state-changing requests need Content-Type: application/json');
    }
  }
  return null;
}

export function registerSecurity(app: FastifyInstance, options: SecurityOptions): void {
  // Callback-style hooks: these run on every request, and avoiding a promise per hook is measurable.
  app.addHook('onRequest', (request, reply, done) => {
    const verdict = screen(request, reply, options);
    if (verdict instanceof AppError) done(verdict);
    else if (verdict === null) done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    // Hashed renderer assets never change under one name; everything else (API, index.html) is live data.
    const immutable = request.url.startsWith('/assets/') && reply.statusCode === 200;
    reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-store');
    done(null, payload);
  });
}
