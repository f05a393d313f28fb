import { linkSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { unwritableFolderError } from './folder-access.js';

export const LOCK_FILE_NAME = 'collector.lock';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Programs this app runs in: the CLI and headless under Node, the desktop app under Electron. */
const APP_RUNTIMES = new Set(['node', 'electron', 'driveshare-graph']);

function readlinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * Whether a live pid may be another instance of this app. Where the kernel says what a process runs
 * (Linux /proc), a process running another program that does not name this app in its command
 * line (pid 1, a program that reused the pid after a crash) is not; elsewhere, or when /proc cannot
 * be read (another user's process), every live pid counts, as a lock must err on the safe side.
 */
function mayBeThisApp(pid: number): boolean {
  if (process.platform !== 'linux') return true;
  let commandLine: string[];
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return true;
  }
  if (commandLine.some((argument) => argument.includes('driveshare-graph'))) return true;
  const program = basename(readlinkOrNull(`/proc/${pid}/exe`) ?? commandLine[0] ?? '');
  return program === basename(realpathSync(process.execPath)) || APP_RUNTIMES.has(program);
}

/** A folder where the lock file should be gets a message naming it, not a raw EISDIR. */
function refuseFolder(file: string): void {
  let isFolder = false;
  try {
    isFolder = lstatSync(file).isDirectory();
  } catch {
    return;
  }
  if (isFolder) {
    throw new AppError('unavailable', `${file} is a folder, not a lock file: remove it (it holds nothing of the app's) and start again`);
  }
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory's collector lock: a file holding our pid. It is written under a private
 * name and hard-linked into place, which fails when the lock exists, so two processes racing for
 * it cannot both win and nobody ever sees a lock file without its pid. A lock left by a dead
 * process (crash, SIGKILL), or naming a live process that is not this app, is taken over; one
 * held by a live instance is refused with a message naming it.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const candidate = `${file}.${process.pid}`;
  refuseFolder(file);
  try {
    writeFileSync(candidate, `${process.pid}\n`);
  } catch (error) {
    throw unwritableFolderError(dataDir, `the lock ${file}`, error) ?? error;
  }
  try {
    return takeLock(dataDir, file, candidate);
  } finally {
    unlinkSync(candidate);
  }
}

/**
 * Puts the lock in place only if none exists. Where hard links are not supported (FAT, some
 * network shares) an exclusive create does the same, with a moment in which the file is empty.
 */
function placeExclusively(candidate: string, file: string): void {
  try {
    linkSync(candidate, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
  }
}

/** An unreadable lock younger than this may still be being written; older ones are debris. */
const FRESH_LOCK_MS = 5_000;

function isFresh(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < FRESH_LOCK_MS;
  } catch {
    return false;
  }
}

function takeLock(dataDir: string, file: string, candidate: string): DataDirLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      placeExclusively(candidate, file);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          // Only remove the file while it is still ours (a takeover after a pause must survive).
          if (readOwner(file) === process.pid) unlinkSync(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    refuseFolder(file);
    const owner = readOwner(file);
    if (owner !== null && owner !== process.pid && processIsAlive(owner) && mayBeThisApp(owner)) {
      throw new AppError(
        'conflict',
        `another driveshare-graph process (pid ${owner}) is collecting into ${dataDir}; stop it or use another --data directory`,
      );
    }
    if (owner === process.pid) {
      throw new AppError('conflict', `this process already holds the lock on ${dataDir}`);
    }
    if (owner === null && isFresh(file)) {
      // Without hard links another process may be between creating the file and writing its pid.
      throw new AppError('conflict', `another driveshare-graph process is taking the lock on ${dataDir} right now; try again`);
    }
    // Stale (its process is gone, or the file is unreadable): remove it and try again.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new AppError('conflict', `could not take the lock ${file}; another process keeps recreating it`);
}
