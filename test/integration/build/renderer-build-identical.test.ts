import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run build` (electron-vite: the desktop bundle) and `npm run build:renderer` (the bundle the
 * headless mode serves) must write the very same renderer. Both scripts run here as a user runs
 * them, each into its own folder, and the renderer files are compared by name and content.
 */
const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'renderer-build-'));

/** Vitest's own NODE_ENV=test would give Vue's development build; a user's shell has none of these. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['NODE_ENV', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST']) delete env[name];
  return env;
}

function runScript(script: string, outDir: string): void {
  execFileSync('npm', ['run', '--silent', script, '--', '--outDir', outDir], {
    cwd: projectRoot,
    env: userEnvironment(),
    stdio: 'pipe',
  });
}

function filesWithHashes(folder: string): Record<string, string> {
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    entries.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [relative(folder, path), createHash('sha256').update(readFileSync(path)).digest('hex')];
    }),
  );
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('one renderer build', () => {
  it('npm run build and npm run build:renderer write identical renderer files', () => {
    runScript('build:renderer', join(scratch, 'headless'));
    runScript('build', join(scratch, 'desktop'));
    const headless = filesWithHashes(join(scratch, 'headless'));
    expect(Object.keys(headless)).toContain('index.html');
    expect(filesWithHashes(join(scratch, 'desktop', 'renderer'))).toEqual(headless);
  }, 120_000);

  it('writes every script and style brotli- and gzip-compressed beside itself, for the API to serve as they are', () => {
    const folder = join(scratch, 'headless', 'assets');
    const texts = readdirSync(folder).filter((name) => /\.(js|css)$/.test(name));
    expect(texts.length).toBeGreaterThan(2);
    for (const name of texts) {
      const content = readFileSync(join(folder, name));
      if (content.length < 1024) continue;
      expect(brotliDecompressSync(readFileSync(join(folder, `${name}.br`))).equals(content)).toBe(true);
      expect(gunzipSync(readFileSync(join(folder, `${name}.gz`))).equals(content)).toBe(true);
    }
  });
});
