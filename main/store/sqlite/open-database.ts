import Database from 'better-sqlite3';
import { applyMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the store's SQLite file with the pragmas every connection needs and
 * brings its schema up to date. WAL lets the API and the views read while a job writes.
 */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable across application crashes; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, MIGRATIONS);
  }
  return db;
}
