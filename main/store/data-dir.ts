import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unwritableFolderError } from './folder-access.js';

export const APP_FOLDER_NAME = 'driveshare-graph';
export const DATABASE_FILE_NAME = 'driveshare.db';

/**
 * The OS per-user app-data folder for this app: the same folder Electron's
 * `app.getPath('userData')` gives, so the desktop app and the headless CLI share one store.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  environment: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    return join(environment.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  const configHome = environment.XDG_CONFIG_HOME;
  return join(configHome !== undefined && configHome !== '' ? configHome : join(home, '.config'), APP_FOLDER_NAME);
}

/** The demo keeps its simulated history apart so it never mixes with real data. */
export function defaultDemoDataDir(): string {
  return join(defaultDataDir(), 'demo');
}

/** Resolves the data directory (an explicit one wins over the default) and creates it. */
export function prepareDataDir(explicit: string | undefined | null, demo = false): string {
  const dir = explicit !== undefined && explicit !== null && explicit !== '' ? resolve(explicit) : demo ? defaultDemoDataDir() : defaultDataDir();
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw whyNotWritable(dir) ?? error;
  }
  return dir;
}

/**
 * Why `dir` cannot be created: its nearest existing ancestor is not writable. (A recursive mkdir on
 * a read-only mount reports ENOENT, which would send the user looking for a missing folder.)
 */
function whyNotWritable(dir: string): Error | null {
  let ancestor = dirname(dir);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  try {
    accessSync(ancestor, constants.W_OK);
    return null;
  } catch (error) {
    return unwritableFolderError(ancestor, `the data folder ${dir}`, error);
  }
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE_NAME);
}
