import { basename } from 'node:path';
import type { StepContext } from './import-context.js';
import { openOriginalSqlite } from './original-sqlite.js';
import { rowMarker } from './sqlite-row-marker.js';

const ROWS_PER_TRANSACTION = 5_000;

/**
 * Stores one row of the original's table: the number of rows it changed (0 when already
 * present), or why the row is rejected.
 */
export type StoreRow = (row: Record<string, unknown>) => number | string;

/**
 * Reads `table` of one of the original's SQLite files in rowid order and stores each row with
 * `storeRow`, one transaction per batch together with the resume marker, so an interrupted import
 * continues after the last committed batch. Rejected rows are reported with their row number.
 */
export async function importTableRows(file: string, table: string, columns: string, context: StepContext, storeRow: StoreRow): Promise<void> {
  const { target, tracker, signal } = context;
  const name = `${basename(file)} ${table}`;
  const source = openOriginalSqlite(file);
  try {
    const marker = rowMarker(file, table, context);
    const total = source.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM ${table}`).get()!.count;
    const done = source.prepare<[number], { count: number }>(`SELECT COUNT(*) AS count FROM ${table} WHERE rowid <= ?`).get(marker.startAfter)!.count;
    tracker.step(name, 'rows', total, done);
    const rows = source.prepare<[number, number], Record<string, unknown>>(
      `SELECT rowid, ${columns} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    );
    let processed = done;
    let after = marker.startAfter;
    for (;;) {
      const batch = rows.all(after, ROWS_PER_TRANSACTION);
      if (batch.length === 0) break;
      const highWater = target.addresses.highWater;
      let changed = 0;
      let valid = 0;
      try {
        target.db.transaction(() => {
          for (const row of batch) {
            const result = storeRow(row);
            if (typeof result === 'string') {
              tracker.reject(`${name} row ${String(row.rowid)}: ${result}`);
              continue;
            }
            valid++;
            changed += result;
          }
          after = batch[batch.length - 1]!.rowid as number;
          marker.save(after);
        })();
      } catch (error) {
        target.addresses.forgetAfter(highWater);
        throw error;
      }
      processed += batch.length;
      tracker.count(changed, valid - changed);
      tracker.advance(processed);
      // Gives the event loop a turn between transactions: progress events, API requests, cancellation.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) break;
    }
  } finally {
    source.close();
  }
}
