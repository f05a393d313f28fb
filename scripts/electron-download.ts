/**
 * Where Electron's installer (node_modules/electron/install.js with @electron/get 2) puts and looks
 * for the binary, computed from the environment the same way it does, so the preflight's advice
 * names the real paths. What it reads: ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron used
 * instead of node_modules/electron/dist), ELECTRON_MIRROR / ELECTRON_CUSTOM_DIR /
 * ELECTRON_CUSTOM_FILENAME (also as npm_config_electron_* from .npmrc), and electron_config_cache
 * (the download cache's root; ELECTRON_CACHE is not read by this installer).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix } from 'node:path';
import type { ElectronDownload } from './electron-preflight-decision.js';

type Environment = Readonly<Record<string, string | undefined>>;

export interface Host {
  platform: NodeJS.Platform;
  arch: string;
  home: string;
}

export const thisHost = (): Host => ({ platform: process.platform, arch: process.arch, home: homedir() });

const RELEASES = 'https://github.com/electron/electron/releases/download/';

/** The executable's path inside an unpacked Electron, as install.js writes it to path.txt. */
function executableInDist(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** @electron/get's lookup order for a mirror setting: .npmrc first, then the environment. */
function mirrorSetting(env: Environment, name: 'mirror' | 'custom_dir' | 'custom_filename'): string | undefined {
  return env[`npm_config_electron_${name}`] ?? env[`NPM_CONFIG_ELECTRON_${name.toUpperCase()}`] ?? env[`ELECTRON_${name.toUpperCase()}`];
}

/** env-paths('electron', { suffix: '' }).cache, @electron/get's default cache root. */
function defaultCacheRoot(env: Environment, host: Host): string {
  if (host.platform === 'darwin') return join(host.home, 'Library', 'Caches', 'electron');
  if (host.platform === 'win32') return join(env.LOCALAPPDATA ?? join(host.home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME ?? join(host.home, '.cache'), 'electron');
}

/** The cache keeps each file under the sha256 of its download URL's folder. */
function cacheSubfolder(downloadUrl: string): string {
  const url = new URL(downloadUrl);
  const folderUrl = `${url.protocol}//${url.host}${posix.dirname(url.pathname)}`;
  return createHash('sha256').update(folderUrl).digest('hex');
}

export function electronDownload(env: Environment, host: Host, electronDir: string, version: string): ElectronDownload {
  const arch = host.arch === 'arm' ? 'armv7l' : host.arch;
  const zipName = mirrorSetting(env, 'custom_filename') ?? `electron-v${version}-${host.platform}-${arch}.zip`;
  const folder = (mirrorSetting(env, 'custom_dir') ?? `v${version}`).replace('{{ version }}', version);
  const downloadUrl = `${mirrorSetting(env, 'mirror') ?? RELEASES}${folder}/${zipName}`;
  const cacheRoot = env.electron_config_cache ?? defaultCacheRoot(env, host);
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  return {
    version,
    distFolder: dist,
    binaryPath: join(dist, executableInDist(host.platform)),
    zipName,
    cacheFolder: join(cacheRoot, cacheSubfolder(downloadUrl)),
  };
}

/**
 * Electron's index.js finds the binary through path.txt, which the installer writes after
 * unpacking; with ELECTRON_OVERRIDE_DIST_PATH the commands are pointed at it directly.
 */
export function binaryPresent(env: Environment, electronDir: string, download: ElectronDownload): boolean {
  const locatable = env.ELECTRON_OVERRIDE_DIST_PATH !== undefined || existsSync(join(electronDir, 'path.txt'));
  return locatable && existsSync(download.binaryPath);
}
