import { readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Plugin } from 'vite';
import { COMPRESSION_THRESHOLD_BYTES, ENCODED_SUFFIXES, TEXT_ASSET_TYPES, encodeAsset, type ContentEncoding } from '../main/api/asset-encodings.js';

/** Compresses one written file beside itself, when it is text and large enough to be worth it. */
async function precompress(path: string): Promise<void> {
  const content = await readFile(path);
  if (content.length < COMPRESSION_THRESHOLD_BYTES) return;
  const encoded = await encodeAsset(content);
  await Promise.all((Object.keys(ENCODED_SUFFIXES) as ContentEncoding[]).map((encoding) => writeFile(path + ENCODED_SUFFIXES[encoding], encoded[encoding])));
}

/**
 * Writes each text asset's brotli and gzip forms beside it (`start-app-….js.br`, `….js.gz`), so
 * the headless API serves them as they are instead of spending about 1.5 s of CPU compressing at
 * every start (main/api/precompressed-assets.ts).
 */
export function precompressAssets(): Plugin {
  return {
    name: 'driveshare-precompress-assets',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir;
      if (outDir === undefined) return;
      const texts = Object.keys(bundle).filter((fileName) => TEXT_ASSET_TYPES[extname(fileName)] !== undefined);
      await Promise.all(texts.map((fileName) => precompress(join(outDir, fileName))));
    },
  };
}
