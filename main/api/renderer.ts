import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { servePrecompressedAssets } from './precompressed-assets.js';

/** Where `npm run build:renderer` puts the dashboard, from this module's place in the source tree. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** Paths that belong to the API: an unknown one is a JSON 404, never the dashboard page. */
const API_PREFIXES = ['/api/', '/json', '/metrics', '/openapi.json'];

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>driveshare-graph: dashboard not built</title></head>
<body><h1>The dashboard has not been built</h1>
<p>The local API is running (see <a href="/api/v1/status">/api/v1/status</a> and <a href="/openapi.json">/openapi.json</a>),
but the web dashboard was not found. Build it with <code>npm run build:renderer</code> and restart.</p></body></html>
`;

function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?', 1)[0]!;
  if (API_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix))) return false;
  // Client-side routes have no file extension; a missing /assets/x.js must stay a 404.
  if (/\.[A-Za-z0-9]+$/.test(path)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Answers a navigation the router could not match; false when the request is not one. */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * Serves the built renderer (headless mode) at `/` from the same origin as the API, with a
 * single-page-app fallback to index.html for client-side routes, or a clear 503 page when the
 * renderer has not been built. Returns the fallback for the not-found handler (null: no renderer).
 */
export async function registerRenderer(app: FastifyInstance, rendererDir: string | null): Promise<PageFallback | null> {
  if (rendererDir === null) return null;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    const notBuilt = (_request: FastifyRequest, reply: FastifyReply) => reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    app.get('/', notBuilt);
    return (request, reply) => {
      if (!wantsPage(request)) return false;
      void notBuilt(request, reply);
      return true;
    };
  }
  servePrecompressedAssets(app, rendererDir, (error) => app.log.warn({ err: error }, 'the dashboard files could not be compressed ahead; each request compresses them'));
  await app.register(fastifyStatic, { root: rendererDir, prefix: '/', index: 'index.html', cacheControl: false, dotfiles: 'deny' });
  return (request, reply) => {
    if (!wantsPage(request)) return false;
    void reply.sendFile('index.html');
    return true;
  };
}
