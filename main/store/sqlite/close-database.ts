import type { SqliteDatabase } from './sqlite-database.js';

/**
 * Closes a writable connection after moving the write-ahead log into the database file and
 * truncating it, so a stopped run leaves one self-contained file behind (a copy or backup of
 * the folder needs no `-wal`). A checkpoint that cannot finish (another connection is reading)
 * is left to SQLite, which completes it at the next open; the close itself always happens.
 */
export function closeDatabase(db: SqliteDatabase): void {
  try {
    if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
