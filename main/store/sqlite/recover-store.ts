import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describeError } from '../../../shared/errors.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';
import { dropSnapshotsWithoutBase } from './snapshot-chain.js';
import { checkProblems, isCorruption } from './store-health.js';

/** How far past an unreadable row the copy looks for the next readable one, in rowid steps (2^k). */
const MAX_SKIP_PROBES = 62;

export interface RecoveryReport {
  /** How the copy was made: SQLite's own `VACUUM INTO`, or row by row past unreadable pages. */
  method: 'vacuum' | 'rows';
  /** Rows copied per table (row-by-row copies only). */
  copied: Record<string, number>;
  /** Tables where unreadable rows were skipped, with how often. */
  skipped: Record<string, number>;
  /** Where the damaged file (and its WAL) now lies. */
  keptAside: string;
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function tableNames(db: SqliteDatabase, schema: string): string[] {
  const rows = db.prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all();
  return rows.flatMap((row) => (typeof row === 'object' && row !== null && 'name' in row && typeof row.name === 'string' ? [row.name] : []));
}

function columnNames(db: SqliteDatabase, schema: string, table: string): string[] {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema);
  return rows.flatMap((row) => (typeof row === 'object' && row !== null && 'name' in row && typeof row.name === 'string' ? [row.name] : []));
}

function copyIsSound(target: string): boolean {
  const copy = new Database(target, { readonly: true });
  try {
    return checkProblems(copy, 'integrity_check').length === 0;
  } finally {
    copy.close();
  }
}

/** Tries SQLite's own copy; false (and no copy left behind) when the damage stops it or spoils it. */
function vacuumInto(damaged: string, target: string): boolean {
  const source = new Database(damaged, { readonly: true, fileMustExist: true });
  try {
    source.prepare('VACUUM INTO ?').run(target);
    if (copyIsSound(target)) return true;
  } catch {
    // Damage VACUUM cannot read past: the row-by-row copy takes over.
  } finally {
    source.close();
  }
  rmSync(target, { force: true });
  return false;
}

/** Rows read per query; a batch that meets a damaged page is read again one row at a time. */
const BATCH_ROWS = 500;

/**
 * One batch of rows, or at damaged pages what to do: read again one row at a time (`narrow`, to
 * take the readable rows before the damage), or skip past this row (`unreadable`).
 */
function readBatch<T>(read: () => T[], limit: number): T[] | 'narrow' | 'unreadable' {
  try {
    return read();
  } catch (error) {
    if (!isCorruption(error)) throw error;
    return limit > 1 ? 'narrow' : 'unreadable';
  }
}

/**
 * Copies one table in rowid order, in batches (better-sqlite3 cannot write while a read is open on
 * the same connection). A row that cannot be read (a damaged page) is skipped: the copy resumes at
 * the first readable rowid after it, found by probing ever larger steps ahead.
 */
function copyTable(db: SqliteDatabase, table: string): { copied: number; skipped: number } {
  const columns = columnNames(db, 'old', table).filter((column) => columnNames(db, 'main', table).includes(column));
  if (columns.length === 0) return { copied: 0, skipped: 0 };
  const list = columns.map(quoted).join(', ');
  if (withoutRowid(db, table)) return copyByKey(db, table, columns);
  const read = db.prepare(`SELECT rowid AS recover_rowid, ${list} FROM old.${quoted(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw();
  const write = db.prepare(`INSERT OR IGNORE INTO main.${quoted(table)} (rowid, ${list}) VALUES (${['?', ...columns.map(() => '?')].join(', ')})`);
  let last = Number.MIN_SAFE_INTEGER;
  let copied = 0;
  let skipped = 0;
  for (let limit = BATCH_ROWS; ; ) {
    const rows = readBatch(() => read.all(last, limit), limit);
    if (rows === 'narrow') {
      limit = 1;
      continue;
    }
    if (rows === 'unreadable') {
      skipped++;
      const next = nextReadableRowid(read, last);
      if (next === null) return { copied, skipped };
      last = next;
      continue;
    }
    if (rows.length === 0) return { copied, skipped };
    // Only the writes in a transaction: a read that fails inside one would abort the whole copy.
    db.transaction(() => {
      for (const row of rows) {
        if (!Array.isArray(row)) continue;
        write.run(...row);
        last = Number(row[0]);
        copied++;
      }
    })();
    if (limit === 1 && skipped > 0) limit = BATCH_ROWS;
  }
}

function withoutRowid(db: SqliteDatabase, table: string): boolean {
  return db.prepare(`SELECT 1 FROM pragma_table_list WHERE schema = 'old' AND name = ? AND wr = 1`).get(table) !== undefined;
}

/** The primary-key columns of a table without rowids, in key order. */
function keyColumns(db: SqliteDatabase, table: string): string[] {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?, 'old') WHERE pk > 0 ORDER BY pk`).all(table);
  return rows.flatMap((row) => (typeof row === 'object' && row !== null && 'name' in row && typeof row.name === 'string' ? [row.name] : []));
}

/**
 * A table without rowids is copied in primary-key order: forwards from its first key until the
 * damage, then backwards from its last key until the damage again, so only the rows on the
 * unreadable pages between are lost (imported summaries live in such a table and cannot be
 * recomputed). Each batch resumes after the last key copied, one row at a time near the damage.
 */
function copyByKey(db: SqliteDatabase, table: string, columns: string[]): { copied: number; skipped: number } {
  const keys = keyColumns(db, table);
  const list = columns.map(quoted).join(', ');
  const keyList = keys.map(quoted).join(', ');
  const keyAt = keys.map((key) => columns.indexOf(key));
  const bound = `(${keys.map(() => '?').join(', ')})`;
  const read = (direction: 'ASC' | 'DESC', after: unknown[] | null, limit: number): unknown[][] => {
    const where = after === null ? '' : `WHERE (${keyList}) ${direction === 'ASC' ? '>' : '<'} ${bound}`;
    const order = keys.map((key) => `${quoted(key)} ${direction}`).join(', ');
    const rows = db.prepare(`SELECT ${list} FROM old.${quoted(table)} ${where} ORDER BY ${order} LIMIT ?`).raw().all(...(after ?? []), limit);
    return rows.filter((row): row is unknown[] => Array.isArray(row));
  };
  const write = db.prepare(`INSERT OR IGNORE INTO main.${quoted(table)} (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
  let copied = 0;
  let skipped = 0;
  for (const direction of ['ASC', 'DESC'] as const) {
    let after: unknown[] | null = null;
    for (let limit = BATCH_ROWS; ; ) {
      const rows = readBatch(() => read(direction, after, limit), limit);
      if (rows === 'narrow') {
        limit = 1;
        continue;
      }
      if (rows === 'unreadable') {
        skipped++;
        break;
      }
      // Going backwards, a key copied going forwards means the whole table is done.
      const fresh = db.transaction(() => {
        let added = 0;
        for (const row of rows) if (write.run(...row).changes > 0) added++;
        return added;
      })();
      copied += fresh;
      if (rows.length === 0 || (direction === 'DESC' && fresh < rows.length)) break;
      after = keyAt.map((index) => rows.at(-1)![index]);
    }
    if (skipped === 0) break;
  }
  return { copied, skipped };
}

/** The rowid to resume after: `last` plus the smallest step 2^k past which a read succeeds. */
function nextReadableRowid(read: Database.Statement, last: number): number | null {
  for (let k = 0; k < MAX_SKIP_PROBES; k++) {
    const from = last + 2 ** k;
    try {
      read.all(from, 1);
      return from;
    } catch (error) {
      if (!isCorruption(error)) throw error;
    }
  }
  return null;
}

function copyRowByRow(damaged: string, target: string): Pick<RecoveryReport, 'copied' | 'skipped'> {
  const db = openDatabase(target, { check: false });
  try {
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS old').run(damaged);
    const copied: Record<string, number> = {};
    const skipped: Record<string, number> = {};
    for (const table of tableNames(db, 'old')) {
      if (!tableNames(db, 'main').includes(table)) continue;
      const outcome = copyTable(db, table);
      copied[table] = outcome.copied;
      if (outcome.skipped > 0) skipped[table] = outcome.skipped;
    }
    db.prepare('DETACH DATABASE old').run();
    // A snapshot stored as a delta is lost with its base: drop those so reads do not stop at them.
    const orphans = dropSnapshotsWithoutBase(db);
    if (orphans > 0) {
      skipped.snapshots = (skipped.snapshots ?? 0) + orphans;
      copied.snapshots = (copied.snapshots ?? orphans) - orphans;
    }
    return { copied, skipped };
  } finally {
    db.close();
  }
}

/** Moves a database file and its WAL and shared-memory files to `to` (same suffixes). */
function moveDatabase(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
  }
}

/**
 * Copies what is readable of a damaged store into a new file and puts the copy in its place; the
 * damaged file is kept beside it as `<file>.damaged-<time>`. The caller holds the data folder's
 * lock, so nothing writes the store meanwhile.
 */
export function recoverStore(file: string, now: Date = new Date()): RecoveryReport {
  const stamp = now.toISOString().replaceAll(':', '-');
  const target = `${file}.recovering-${stamp}`;
  const keptAside = `${file}.damaged-${stamp}`;
  let outcome: Pick<RecoveryReport, 'copied' | 'skipped' | 'method'>;
  try {
    outcome = vacuumInto(file, target) ? { method: 'vacuum', copied: {}, skipped: {} } : { method: 'rows', ...copyRowByRow(file, target) };
  } catch (error) {
    rmSync(target, { force: true });
    throw new Error(`could not copy ${file}: ${describeError(error)}`);
  }
  moveDatabase(file, keptAside);
  moveDatabase(target, file);
  return { ...outcome, keptAside };
}
