import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { COMPRESSION_THRESHOLD_BYTES, ENCODED_SUFFIXES, TEXT_ASSET_TYPES, encodeAsset, type ContentEncoding } from './asset-encodings.js';
import { negotiateEncoding } from './compression.js';

interface Prepared {
  type: string;
  encoded: Record<ContentEncoding, Buffer>;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** The forms the build wrote beside `path`, or null when one is missing (a build without them). */
async function encodedByBuild(path: string): Promise<Record<ContentEncoding, Buffer> | null> {
  try {
    const [br, gzip] = await Promise.all([readFile(path + ENCODED_SUFFIXES.br), readFile(path + ENCODED_SUFFIXES.gzip)]);
    return { br, gzip };
  } catch {
    return null;
  }
}

/** One file's brotli and gzip forms (the build's, else made here, off the main thread), or null when not worth it. */
async function prepare(path: string): Promise<Prepared | null> {
  const type = TEXT_ASSET_TYPES[extname(path)];
  if (type === undefined) return null;
  const content = await readFile(path);
  if (content.length < COMPRESSION_THRESHOLD_BYTES) return null;
  return { type, encoded: (await encodedByBuild(path)) ?? (await encodeAsset(content)) };
}

/**
 * The built dashboard's scripts and styles, compressed once instead of on every page load: the
 * half-megabyte script took 35–140 ms to compress per request, on the path of the first chart.
 * The renderer build writes the compressed forms beside each file, so a start only reads them;
 * a folder without them (an older build) is compressed in the background after start, about
 * 1.5 s of CPU. Until a file is ready (and for anything not listed) the static route and the
 * compression plugin answer as before. The files never change while the server runs
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
