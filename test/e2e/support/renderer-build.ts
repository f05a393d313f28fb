import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { rendererConfig } from '../../../vite.renderer.config.js';

/**
 * Builds the dashboard exactly as `npm run build:renderer` does, into a private folder, so the
 * suite tests the current source and never races another run over out/renderer.
 */
export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'driveshare-renderer-'));
  await build({
    ...rendererConfig,
    configFile: false,
    logLevel: 'error',
    build: { ...rendererConfig.build, outDir, emptyOutDir: true },
  });
  return outDir;
}
