import type Database from 'better-sqlite3';

/** A connection to the store's SQLite file; its own module so the store's helpers can name it without opening anything. */
export type SqliteDatabase = Database.Database;
