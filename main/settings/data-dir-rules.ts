import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { describeFileProblem } from './keep-aside.js';

/**
 * What a data folder may be. The folder receives a database, logs and a lock, so it must be a
 * plain absolute path of the user's choosing, never inside the operating system's own folders
 * (a mistyped `/etc` or a `../..` must not make the app write there).
 */

/** Folders nothing of ours may be written into, at any depth. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/etc', '/boot', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/usr', 'C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)'];
/** Folders that hold others' folders: one below them is fine, they themselves are not. */
const SHARED_ROOTS = ['/', '/var', '/home', '/root', '/opt', '/srv', '/mnt', '/media', '/run', '/tmp', 'C:\\', 'C:\\Users'];

const sameOrInside = (path: string, folder: string): boolean => {
  const a = path.toLowerCase();
  const b = folder.toLowerCase();
  return a === b || a.startsWith(b.endsWith(sep) ? b : `${b}${sep}`);
};

/** Why `value` cannot be a data folder, without touching the disk; null when it can (empty = the app-data folder). */
export function dataDirProblem(value: string): string | null {
  if (value === '') return null;
  if (value.includes('\0')) return 'must not contain a NUL character';
  if (!isAbsolute(value)) return `must be an absolute path such as ${resolve('/srv/driveshare-graph')} (or empty for the app-data folder), not ${JSON.stringify(value)}`;
  const normal = resolve(value);
  const system = SYSTEM_TREES.find((folder) => sameOrInside(normal, folder));
  if (system !== undefined) return `${normal} is inside the system folder ${system}; choose a folder of your own`;
  if (SHARED_ROOTS.some((folder) => normal.toLowerCase() === folder.toLowerCase())) return `${normal} is a shared top-level folder; choose a folder inside it, e.g. ${resolve(normal, 'driveshare-graph')}`;
  return null;
}

/** The folder as stored: absolute and normalised (no `..`, no trailing separator). */
export function normalDataDir(value: string): string {
  return value === '' ? '' : resolve(value);
}

/**
 * Why the app could not write into `folder`, or null: it must be a folder (or not exist yet under
 * a writable folder, which the app creates).
 */
export function dataDirWriteProblem(folder: string): string | null {
  let existing = folder;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) return `${existing} is a file, not a folder`;
      accessSync(existing, constants.W_OK);
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A missing part, or a file where a folder should be, is found by walking up to it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${existing} cannot be written (${describeFileProblem(error)})`;
      const parent = dirname(existing);
      if (parent === existing) return `${folder} cannot be created`;
      existing = parent;
    }
  }
}
