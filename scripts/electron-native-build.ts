/**
 * electron-builder rebuilds better-sqlite3 in place for Electron's ABI while packaging, which would
 * leave the tests, the CLI and headless mode (all plain Node) unable to load it. `npm run dist`
 * therefore sets Node's build aside first and puts it back afterwards, whatever happened between.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const nodeAbi = `Node ${process.versions.node} (ABI ${process.versions.modules})`;

function loadsInNode(moduleDir: string): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(moduleDir)})(':memory:').close()`], {
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/** One sentence on the ABI better-sqlite3 is left built for. */
function leftFor(moduleDir: string): string {
  return loadsInNode(moduleDir)
    ? `better-sqlite3 is built for ${nodeAbi} again, as before.`
    : `better-sqlite3 does not load in ${nodeAbi}; run \`npm run rebuild:node\` before the tests or the CLI.`;
}

/**
 * Runs `steps` with better-sqlite3's build folder (under `moduleDir`) copied aside, puts the copy
 * back however the steps end, and reports the result through `report`; errors of the steps pass on.
 */
export function withNodeBuildSetAside(moduleDir: string, steps: () => void, report: (sentence: string) => void): void {
  const build = join(moduleDir, 'build');
  const aside = existsSync(build) ? mkdtempSync(join(tmpdir(), 'better-sqlite3-node-build-')) : undefined;
  if (aside !== undefined) cpSync(build, join(aside, 'build'), { recursive: true, verbatimSymlinks: true });
  try {
    steps();
  } finally {
    if (aside !== undefined) {
      rmSync(build, { recursive: true, force: true });
      cpSync(join(aside, 'build'), build, { recursive: true, verbatimSymlinks: true });
      rmSync(aside, { recursive: true, force: true });
    }
    report(leftFor(moduleDir));
  }
}
