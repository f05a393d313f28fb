import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { responseSchemasModule } from './scripts/response-schemas-module.js';

export default defineConfig({
  // The dashboard's answer checks import their schemas from the module the build makes.
  plugins: [vue(), responseSchemasModule()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds the compiled CLI when it is older than the sources: CLI tests run it as users do.
    globalSetup: ['test/support/cli-build-setup.ts'],
    reporters: ['default', './test/support/summary-line-reporter.ts'],
  },
});
