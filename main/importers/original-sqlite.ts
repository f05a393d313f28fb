import Database from 'better-sqlite3';
import { AppError, describeError } from '../../shared/errors.js';

/** The original's SQLite files (docs/data-model.md, "The original's SQLite files") and which of their tables a file holds. */

const SQLITE_MAGIC = 'SQLite format 3\0';

export interface OriginalSqliteTables {
  /** network.db `farmers(address, first_date, last_date, uptime)`. */
  farmers: boolean;
  /** summary.db `summaries(auth_address, date, payout_address, uptime, duration, height, points)`. */
  summaries: boolean;
}

export const NETWORK_FARMERS_COLUMNS = ['address', 'first_date', 'last_date', 'uptime'] as const;
export const SUMMARIES_COLUMNS = ['auth_address', 'date', 'payout_address', 'uptime', 'duration', 'height', 'points'] as const;

export function hasSqliteHeader(header: Buffer): boolean {
  return header.subarray(0, SQLITE_MAGIC.length).toString('latin1') === SQLITE_MAGIC;
}

export function openOriginalSqlite(file: string): Database.Database {
  try {
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new AppError('bad_request', `${file}: cannot open as SQLite: ${describeError(error)}`);
  }
}

function columnsOf(db: Database.Database, table: string): Set<string> {
  const rows = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table);
  return new Set(rows.map((row) => row.name));
}

/** Which of the original's tables the file has, judged by sqlite_master and their columns. */
export function detectOriginalTables(db: Database.Database): OriginalSqliteTables {
  const tables = new Set(
    db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name),
  );
  const has = (table: string, columns: readonly string[]): boolean => {
    if (!tables.has(table)) return false;
    const present = columnsOf(db, table);
    return columns.every((column) => present.has(column));
  };
  return { farmers: has('farmers', NETWORK_FARMERS_COLUMNS), summaries: has('summaries', SUMMARIES_COLUMNS) };
}
