/**
 * `npm run build:cli` (also `prepare`, so `npm ci` runs it): compiles the CLI and headless mode to
 * JavaScript in out/cli, so `driveshare-graph` starts without transpiling anything.
 *
 * esbuild, not tsc: it bundles the engine's ~190 modules in about 0.3 s where tsc needs 5–8 s even
 * without type checking (`npm run typecheck` does the checking). Packages stay in node_modules
 * (native better-sqlite3, the drivers), except typebox: it ships about 2,400 module files whose
 * loading alone took 0.4 s of every start; bundled, they are one file. Dynamic `import()`s become
 * chunks of their own, so a driver is read only by the command that uses it.
 *
 * Entries and chunks sit flat in out/cli, two folders below the root as their sources are in
 * main/<folder>/, so paths the code resolves from `import.meta.url` (the worker next to its
 * caller, the dashboard in out/renderer) point to the same places compiled as from the sources.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the compiled CLI goes: apart from electron-vite's out/main, out/preload and out/renderer. */
export const CLI_OUT_DIR = join(ROOT, 'out', 'cli');
/** The compiled entry `bin/driveshare-graph.js` runs. */
export const CLI_ENTRY = join(CLI_OUT_DIR, 'index.js');

/**
 * The CLI and its worker threads: the aggregation job's (main/jobs/aggregation-worker.ts loads
 * ./worker.js beside itself) and the demo backfill's (main/simulator/backfill-thread.ts loads
 * ./backfill-worker.js).
 */
const ENTRY_POINTS = {
  index: join(ROOT, 'main/cli/index.ts'),
  worker: join(ROOT, 'main/jobs/worker.ts'),
  'backfill-worker': join(ROOT, 'main/simulator/backfill-worker.ts'),
};

/** Packages compiled into the bundle instead of loaded from node_modules (see above). */
const BUNDLED_PACKAGES = new Set(['typebox']);

/** Source folders whose files the compiled CLI is made of (what makes a build out of date). */
const SOURCE_FOLDERS = ['main', 'shared'];

const BUILTINS = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Every package but the bundled ones stays external and is declared free of side effects, so an
 * import whose bindings the bundle does not use (a module imported for a constant) is dropped
 * instead of loading its package at start.
 */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('node:') || BUILTINS.has(args.path)) return { path: args.path, external: true, sideEffects: false };
      if (BUNDLED_PACKAGES.has(packageName(args.path))) return undefined;
      return { path: args.path, external: true, sideEffects: false };
    });
  },
};

/** Compiles the CLI into out/cli, replacing what was there. */
export async function buildCli(): Promise<void> {
  rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  await build({
    entryPoints: ENTRY_POINTS,
    outdir: CLI_OUT_DIR,
    entryNames: '[name]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    plugins: [externalPackages],
    logLevel: 'warning',
  });
}

function newestChange(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** True when out/cli holds a build at least as new as every source file (and package.json). */
export function cliBuildIsCurrent(): boolean {
  let built: number;
  try {
    built = statSync(CLI_ENTRY).mtimeMs;
  } catch {
    return false;
  }
  const sources = Math.max(statSync(join(ROOT, 'package.json')).mtimeMs, ...SOURCE_FOLDERS.map((folder) => newestChange(join(ROOT, folder))));
  return built >= sources;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await buildCli();
  console.log(`compiled the CLI into ${CLI_OUT_DIR} in ${Math.round(performance.now() - started)} ms`);
}
