import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precompressAssets } from './scripts/precompress-assets.js';
import { preloadAppChunk } from './scripts/preload-app-chunk.js';
import { responseSchemasModule } from './scripts/response-schemas-module.js';

/**
 * The one renderer build, shared by both shells: `npm run build:renderer` writes `out/renderer/`
 * (served by the headless API at `/`), and electron.vite.config.ts hands `rendererConfig` to
 * electron-vite as its `renderer` section, so the desktop window runs the very same bundle.
 *
 * electron-vite fills every renderer option the user leaves out with its own defaults (no
 * minification, its Chrome target, no module-preload polyfill, the project root as env folder),
 * so each of those options is set here explicitly; test/integration/build pins that the two
 * commands write identical files.
 */
const projectRoot = fileURLToPath(new URL('.', import.meta.url));
export const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  // Relative asset URLs work both from file:// (Electron) and from http://127.0.0.1:port/ (headless).
  base: './',
  envDir: projectRoot,
  envPrefix: 'VITE_',
  // The answer schemas are made into JSON at build time; the page names the app chunk for the
  // browser to fetch at once; each script and style is also written brotli- and gzip-compressed
  // beside itself, for the headless API.
  plugins: [vue(), responseSchemasModule(), preloadAppChunk(), precompressAssets()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    // A browser of the headless mode is not necessarily Electron's Chromium.
    target: 'es2022',
    minify: true,
    // Every browser the target allows already supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: { input: fileURLToPath(new URL('./renderer/index.html', import.meta.url)) },
    // chart.js, its adapter and the zoom plugin are one ~250 kB chunk; that is expected, not a warning.
    chunkSizeWarningLimit: 800,
  },
};

export default defineConfig(rendererConfig);
