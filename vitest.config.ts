import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
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
