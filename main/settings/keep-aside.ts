import { copyFileSync, renameSync } from 'node:fs';
import { describeError } from '../../shared/errors.js';

/**
 * Moves a settings file that cannot be used as it is to `<file>.broken-<UTC time>` beside it, so
 * the user's own text is never overwritten or deleted; returns where it went. The time has no
 * colons, so the name is valid on every file system.
 */
export function keepAside(file: string, now: Date = new Date()): string {
  const kept = keptName(file, now);
  renameSync(file, kept);
  return kept;
}

/** Like keepAside, but copies (with the file's mode): for a store that must go on reading the file, as conf does. */
export function keepCopy(file: string, now: Date = new Date()): string {
  const kept = keptName(file, now);
  copyFileSync(file, kept);
  return kept;
}

function keptName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  return `${file}.broken-${stamp}`;
}

/** Why a file system operation failed, in words a user can act on. */
export function describeFileProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return describeError(error);
  }
}
