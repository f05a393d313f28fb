#!/usr/bin/env node
// Runs the compiled CLI (out/cli, from `npm run build:cli`, which `npm ci` runs as `prepare`):
// transpiling the TypeScript sources at every start cost 2.5–3 s per command.
import { existsSync } from 'node:fs';

const entry = new URL('../out/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('driveshare-graph is not built yet (out/cli/index.js is missing): run `npm run build:cli` in the project folder, then try again.');
  process.exit(1);
}
await import(entry.href);
