import { AppError } from '../../shared/errors.js';

/** Error codes that mean "this process may not write here" (read-only mount, permissions). */
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_PERM', 'SQLITE_CANTOPEN']);

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/**
 * An error for a data folder this process cannot write, naming the folder and the fix; null when
 * `error` is something else. `what` says which file or step needed to write.
 */
export function unwritableFolderError(folder: string, what: string, error: unknown): AppError | null {
  const code = codeOf(error);
  if (code === null || !NOT_WRITABLE.has(code)) return null;
  return new AppError(
    'unavailable',
    `cannot write ${what}: the data folder ${folder} is read-only or not writable by this user (${code}). ` +
      'Make it writable (remount it read-write, or fix its owner or permissions) or choose another folder with --data',
  );
}
