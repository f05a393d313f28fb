import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/**
 * The renderer build, shared by both shells: `npm run build:renderer` writes `out/renderer/`
 * (served by the headless API at `/`), and electron.vite.config.ts spreads `rendererConfig`
 * into its `renderer` section so the desktop window runs the very same bundle.
 */
export const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  // Relative asset URLs work both from file:// (Electron) and from http://127.0.0.1:port/ (headless).
  base: './',
  plugins: [vue()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    target: 'es2022',
    // chart.js, its adapter and the zoom plugin are one ~250 kB chunk; that is expected, not a warning.
    chunkSizeWarningLimit: 800,
  },
};

export default defineConfig(rendererConfig);
