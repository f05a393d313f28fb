import type { SqliteDatabase } from './open-database.js';

/** The row counts the schema's triggers keep (migration 0006), read in one indexed statement. */
export interface RowCounts {
  scrapes: number;
  snapshots: number;
  addresses: number;
  /** Failed scrapes in this desktop's own log while raw scrapes live in MongoDB. */
  remoteFailures: number;
}

const NAMES = { scrapes: 'scrapes', snapshots: 'snapshots', addresses: 'addresses', remote_failures: 'remoteFailures' } as const;
const statements = new WeakMap<SqliteDatabase, () => Array<{ name: string; count: number }>>();

export function readRowCounts(db: SqliteDatabase): RowCounts {
  let read = statements.get(db);
  if (read === undefined) {
    const statement = db.prepare<[], { name: string; count: number }>('SELECT name, count FROM row_counts');
    read = () => statement.all();
    statements.set(db, read);
  }
  const counts: RowCounts = { scrapes: 0, snapshots: 0, addresses: 0, remoteFailures: 0 };
  for (const { name, count } of read()) {
    const key = NAMES[name as keyof typeof NAMES];
    if (key !== undefined) counts[key] = count;
  }
  return counts;
}

/** The database file's size from its page count: no file system call, no scan. */
export function databaseBytes(db: SqliteDatabase): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}
