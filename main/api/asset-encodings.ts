import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/*
 * The dashboard's compressed assets, shared by the renderer build (vite.renderer.config.ts writes
 * them beside each file) and the API (which serves them): both must agree on what is compressed,
 * how, and where the result lies.
 */

export type ContentEncoding = 'br' | 'gzip';

/** Below this a compressed answer saves less than its headers and the work cost. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** The dashboard's text assets by extension, with their types; images and fonts are already compressed. */
export const TEXT_ASSET_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** The file beside an asset that holds its encoded form. */
export const ENCODED_SUFFIXES: Readonly<Record<ContentEncoding, string>> = { br: '.br', gzip: '.gz' };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** An asset's brotli (best quality) and gzip (best level) forms, made off the main thread. */
export async function encodeAsset(content: Buffer): Promise<Record<ContentEncoding, Buffer>> {
  const [br, gz] = await Promise.all([
    brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
    gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return { br, gzip: gz };
}
