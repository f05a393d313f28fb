import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, describeError } from '../../../shared/errors.js';
import { unwritableFolderError } from '../folder-access.js';
import { applyMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StoreDamagedError, checkProblems, isCorruption } from './store-health.js';

export type { SqliteDatabase };

export interface OpenOptions {
  readonly?: boolean;
  /** Run `PRAGMA quick_check` on a writable open of a file small enough for it (default true). */
  check?: boolean;
}

/**
 * `quick_check` reads every page, about a second per GB even from the page cache, so it runs at
 * open only up to this size; larger stores are checked fully by `driveshare-graph doctor`, and a
 * damaged page met in use still stops writes (store-health.ts).
 */
export const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

function smallEnoughToCheck(file: string): boolean {
  try {
    return statSync(file).size <= QUICK_CHECK_MAX_BYTES;
  } catch {
    // ':memory:' or a file not created yet: nothing to read, the check is free.
    return true;
  }
}

function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/** Turns a failure to open or prepare `file` into a message that names it and says what to do. */
function openFailure(file: string, error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = sqliteCode(error);
  if (code === 'SQLITE_NOTADB') {
    return new AppError(
      'unavailable',
      `${file} is not an SQLite database (or its first page is destroyed): move it aside, then the app starts an empty store, ` +
        `or put back a copy from a backup; \`driveshare-graph doctor --data ${dirname(file)}\` checks a store`,
    );
  }
  if (isCorruption(error)) return new StoreDamagedError(file, describeError(error));
  const unwritable = unwritableFolderError(dirname(file), `the store ${file}`, error);
  if (unwritable !== null) return unwritable;
  if (code !== null) return new AppError('unavailable', `cannot open the store ${file} (${code}): ${describeError(error)}`);
  return error;
}

function prepare(db: SqliteDatabase, file: string, options: OpenOptions): void {
  db.pragma('busy_timeout = 5000');
  if (options.readonly) return;
  if ((options.check ?? true) && smallEnoughToCheck(file)) {
    const problems = checkProblems(db, 'quick_check');
    if (problems.length > 0) throw new StoreDamagedError(file, problems.join('; '));
  }
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable across application crashes; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  applyMigrations(db, MIGRATIONS);
}

/**
 * Opens (creating if needed) the store's SQLite file with the pragmas every connection needs and
 * brings its schema up to date. WAL lets the API and the views read while a job writes. A damaged
 * file, a file that is not a database or a folder that cannot be written fails with an AppError
 * that names the file and the fix, never with SQLite's bare message.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (error) {
    throw openFailure(file, error);
  }
  try {
    prepare(db, file, options);
    return db;
  } catch (error) {
    db.close();
    throw openFailure(file, error);
  }
}
