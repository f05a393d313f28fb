import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config.js';

/**
 * One build for the desktop app (`npm run build`, `npm start`): out/main (main process and the
 * engine's utility process), out/preload (the sandboxed preload) and out/renderer (the very same
 * renderer build as the headless mode, from vite.renderer.config.ts: test/integration/build pins
 * that both write identical files).
 */
const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      rolldownOptions: {
        input: {
          index: fromRoot('./main/electron/main.ts'),
          // Runs in an Electron utility process, so scraping and SQLite never block the UI thread.
          'engine-host': fromRoot('./main/electron/engine-host/engine-host-entry.ts'),
          // The aggregation jobs' worker thread, loaded by main/jobs/aggregation-worker.ts as ./worker.js
          // next to the code that starts it (engine-host.js).
          worker: fromRoot('./main/jobs/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      // A sandboxed preload cannot load ES modules or other files: one self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: fromRoot('./main/electron/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  // electron-vite sets base './' for production builds itself and warns when a config sets it.
  renderer: { ...rendererConfig, base: undefined },
});
