import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { COMPRESSION_THRESHOLD_BYTES, negotiateEncoding, type ContentEncoding } from './compression.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The dashboard's text assets by extension; images and fonts are already compressed. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

interface Prepared {
  type: string;
  encoded: Record<ContentEncoding, Buffer>;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** One file's brotli (best quality: made once, off the main thread) and gzip forms, or null when not worth it. */
async function prepare(path: string): Promise<Prepared | null> {
  const type = CONTENT_TYPES[extname(path)];
  if (type === undefined) return null;
  const content = await readFile(path);
  if (content.length < COMPRESSION_THRESHOLD_BYTES) return null;
  const [br, gz] = await Promise.all([
    brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
    gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return { type, encoded: { br, gzip: gz } };
}

/**
 * The built dashboard's scripts and styles, compressed once in the background after start instead
 * of on every page load: the half-megabyte script took 35–140 ms to compress per request, on the
 * path of the first chart. Until a file is ready (and for anything not listed) the static route
 * and the compression plugin answer as before. The files never change while the server runs
 * (hashed names, a fixed build folder), so nothing is ever invalidated.
 */
export function servePrecompressedAssets(app: FastifyInstance, rendererDir: string, onError: (error: unknown) => void): void {
  const ready = new Map<string, Prepared>();
  const preparing = filesUnder(rendererDir).then(async (paths) => {
    for (const path of paths) {
      const prepared = await prepare(path);
      if (prepared !== null) ready.set(`/${relative(rendererDir, path).split(sep).join('/')}`, prepared);
    }
  });
  preparing.catch(onError);
  app.addHook('onRequest', (request, reply, done) => {
    const prepared = request.method === 'GET' || request.method === 'HEAD' ? ready.get(request.url.split('?', 1)[0]!) : undefined;
    const encoding = prepared === undefined ? null : negotiateEncoding(request.headers['accept-encoding']);
    if (prepared === undefined || encoding === null) {
      done();
      return;
    }
    void reply.type(prepared.type).header('content-encoding', encoding).header('vary', 'Accept-Encoding').send(prepared.encoded[encoding]);
  });
}
