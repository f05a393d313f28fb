import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { preflight } from '../../../scripts/electron-preflight.js';

/**
 * The real preflight, with Electron's binary absent (an empty override folder) and its download
 * refused at once (a mirror on a closed local port, an empty cache), so no network is needed:
 * `npm start`, `npm run preview` and `npm run dist` must stop within seconds with the paragraph
 * that explains what to do, before building or rebuilding anything.
 */
const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'electron-preflight-'));
const emptyDist = join(scratch, 'no-electron');
const emptyCache = join(scratch, 'cache');
mkdirSync(emptyDist);
mkdirSync(emptyCache);

function withoutElectron(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_OVERRIDE_DIST_PATH: emptyDist,
    ELECTRON_MIRROR: 'http://127.0.0.1:1/',
    electron_config_cache: emptyCache,
    ...extra,
  };
  if (extra.ELECTRON_SKIP_BINARY_DOWNLOAD === undefined) delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return env;
}

function runCommand(command: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string; seconds: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/electron-command.ts', command], { cwd: projectRoot, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, seconds: (performance.now() - started) / 1000 };
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Electron commands without an Electron binary', () => {
  it.each([
    ['start', 'npm start'],
    ['preview', 'npm run preview'],
    ['dist', 'npm run dist'],
  ])('%s stops within seconds with one paragraph on what to do', (command, typed) => {
    const outBefore = readdirSync(projectRoot).includes('out') ? readdirSync(join(projectRoot, 'out')) : [];
    const result = runCommand(command, withoutElectron());
    expect(result.status).toBe(1);
    expect(result.seconds).toBeLessThan(10);
    expect(result.stdout).toBe('');
    const paragraph = result.stderr.trim();
    expect(paragraph).not.toContain('\n');
    expect(paragraph).toMatch(new RegExp(`^${typed} stopped before building anything: Electron [\\d.]+'s binary is not at ${emptyDist}`));
    expect(paragraph).toContain('could not fetch it (RequestError: connect ECONNREFUSED 127.0.0.1:1)');
    expect(paragraph).toContain('ELECTRON_MIRROR=');
    expect(paragraph).toContain('`npm run demo`');
    expect(readdirSync(projectRoot).includes('out') ? readdirSync(join(projectRoot, 'out')) : []).toEqual(outBefore);
  });

  it('does not try to download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and says so', () => {
    const result = runCommand('start', withoutElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its installer fetched nothing');
  });

  it('refuses an unknown command with its usage', () => {
    const result = runCommand('package', withoutElectron());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: electron-command.ts <start|preview|dist>, got package');
  });

  it("names the cache folder Electron's installer really reads", () => {
    const message = runCommand('start', withoutElectron()).stderr;
    const advised = /copy (\S+\.zip) into (\S+)\/, the installer's download cache/.exec(message);
    expect(advised).not.toBeNull();
    const [, zipName = '', folder = ''] = advised ?? [];
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, zipName), 'not a zip');
    const installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
    const debug = spawnSync(process.execPath, [installer], { env: withoutElectron({ DEBUG: '@electron/get:index' }), encoding: 'utf8' });
    // The file is found (then rejected by its checksum): the advice points at the right place.
    expect(debug.stderr).toContain('Cache hit');
  });

  it('goes on without fetching when the binary is there', async () => {
    const ownDist = join(scratch, 'own-electron');
    mkdirSync(ownDist);
    writeFileSync(join(ownDist, 'electron'), '');
    const result = await preflight('start', withoutElectron({ ELECTRON_OVERRIDE_DIST_PATH: ownDist }));
    expect(result).toMatchObject({ kind: 'ready', download: { distFolder: ownDist } });
  });
});
