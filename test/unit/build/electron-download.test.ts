import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binaryPresent, electronDownload, type Host } from '../../../scripts/electron-download.js';

const linux: Host = { platform: 'linux', arch: 'x64', home: '/home/u' };
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe("where Electron's installer looks for the binary", () => {
  it('defaults to GitHub releases, ~/.cache/electron and node_modules/electron/dist', () => {
    expect(electronDownload({}, linux, '/app/node_modules/electron', '41.7.1')).toEqual({
      version: '41.7.1',
      distFolder: '/app/node_modules/electron/dist',
      binaryPath: '/app/node_modules/electron/dist/electron',
      zipName: 'electron-v41.7.1-linux-x64.zip',
      cacheFolder: join('/home/u/.cache/electron', sha256('https://github.com/electron/electron/releases/download/v41.7.1')),
    });
  });

  it('files the download under the mirror and custom folder it comes from, in the chosen cache', () => {
    const env = { ELECTRON_MIRROR: 'https://mirror.example/electron/', ELECTRON_CUSTOM_DIR: '{{ version }}', electron_config_cache: '/cache' };
    expect(electronDownload(env, linux, '/e', '41.7.1').cacheFolder).toBe(join('/cache', sha256('https://mirror.example/electron/41.7.1')));
  });

  it('reads the .npmrc spelling before the environment, as @electron/get does', () => {
    const env = { npm_config_electron_mirror: 'https://npmrc.example/', ELECTRON_MIRROR: 'https://env.example/' };
    expect(electronDownload(env, linux, '/e', '1.0.0').cacheFolder).toContain(sha256('https://npmrc.example/v1.0.0'));
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH as the unpacked Electron', () => {
    const download = electronDownload({ ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, linux, '/e', '41.7.1');
    expect([download.distFolder, download.binaryPath]).toEqual(['/opt/electron', '/opt/electron/electron']);
  });

  it("knows each platform's executable, file name and cache root", () => {
    const mac = electronDownload({}, { platform: 'darwin', arch: 'arm64', home: '/Users/u' }, '/e', '41.7.1');
    expect(mac.binaryPath).toBe('/e/dist/Electron.app/Contents/MacOS/Electron');
    expect(mac.cacheFolder.startsWith('/Users/u/Library/Caches/electron/')).toBe(true);
    const windows = electronDownload({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, { platform: 'win32', arch: 'x64', home: 'C:/Users/u' }, '/e', '41.7.1');
    expect(windows.binaryPath).toBe(join('/e/dist', 'electron.exe'));
    expect(windows.cacheFolder.startsWith(join('C:/Users/u/AppData/Local', 'electron', 'Cache'))).toBe(true);
    expect(electronDownload({}, { platform: 'linux', arch: 'arm', home: '/h' }, '/e', '41.7.1').zipName).toBe('electron-v41.7.1-linux-armv7l.zip');
  });
});

describe('whether the binary is there', () => {
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('needs both the executable and path.txt in node_modules/electron, or only the executable with an override', () => {
    scratch = mkdtempSync(join(tmpdir(), 'electron-binary-'));
    const electronDir = join(scratch, 'electron');
    mkdirSync(join(electronDir, 'dist'), { recursive: true });
    const download = electronDownload({}, linux, electronDir, '41.7.1');
    expect(binaryPresent({}, electronDir, download)).toBe(false);
    writeFileSync(download.binaryPath, '');
    expect(binaryPresent({}, electronDir, download)).toBe(false);
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    expect(binaryPresent({}, electronDir, download)).toBe(true);

    const override = { ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'own') };
    const overridden = electronDownload(override, linux, join(scratch, 'elsewhere'), '41.7.1');
    expect(binaryPresent(override, join(scratch, 'elsewhere'), overridden)).toBe(false);
    mkdirSync(join(scratch, 'own'));
    writeFileSync(overridden.binaryPath, '');
    expect(binaryPresent(override, join(scratch, 'elsewhere'), overridden)).toBe(true);
  });
});
