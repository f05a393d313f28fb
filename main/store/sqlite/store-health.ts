import { dirname } from 'node:path';
import { AppError, describeError } from '../../../shared/errors.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** How many problems a check reports; the first few say enough to decide what to do. */
const MAX_REPORTED_PROBLEMS = 5;

/**
 * The store's file is damaged. It is an `unavailable` AppError, so the API answers 503 with this
 * message and the CLI prints it; it names the file and the command that rescues what is readable.
 */
export class StoreDamagedError extends AppError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      'unavailable',
      `the store ${file} is damaged (${detail}); nothing more is written to it. Stop the app and run ` +
        `\`driveshare-graph doctor --data ${dirname(file)} --recover\`: it copies what is readable into a new file and keeps the damaged one aside`,
    );
    this.name = 'StoreDamagedError';
  }
}

function sqliteCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' && error.code.startsWith('SQLITE_') ? error.code : null;
}

/** True for SQLite's "the file is damaged" errors (malformed pages, a file that is not a database). */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** Databases found damaged while in use: every later write is refused with the same error. */
const damagedDatabases = new WeakMap<SqliteDatabase, StoreDamagedError>();

/**
 * What a failed statement on `db` means: a corruption error marks the database damaged and becomes
 * a StoreDamagedError; anything else is returned as it was.
 */
export function storeFailure(db: SqliteDatabase, error: unknown): unknown {
  if (error instanceof StoreDamagedError || !isCorruption(error)) return error;
  const damaged = new StoreDamagedError(db.name, describeError(error));
  damagedDatabases.set(db, damaged);
  return damaged;
}

/** Throws the StoreDamagedError of a database already found damaged. */
export function refuseIfDamaged(db: SqliteDatabase): void {
  const damaged = damagedDatabases.get(db);
  if (damaged !== undefined) throw damaged;
}

/** Runs `check` ('quick_check' or 'integrity_check') and returns its problems; empty means sound. */
export function checkProblems(db: SqliteDatabase, check: 'quick_check' | 'integrity_check', limit = MAX_REPORTED_PROBLEMS): string[] {
  const rows: unknown = db.pragma(`${check}(${limit})`, { simple: false });
  if (!Array.isArray(rows)) return [`${check} gave no answer`];
  const messages = rows.map((row: unknown) => (typeof row === 'object' && row !== null ? String(Object.values(row)[0]) : String(row)));
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}
