import { realpathSync, statSync } from 'node:fs';
import type { StepContext } from './import-context.js';

/** Resume marker of an import from a SQLite table: the last rowid written, for this version of the file. */
export interface RowMarker {
  rowid: number;
  size: number;
  mtimeMs: number;
}

function isRowMarker(value: unknown): value is RowMarker {
  if (typeof value !== 'object' || value === null) return false;
  const marker = value as Record<string, unknown>;
  return ['rowid', 'size', 'mtimeMs'].every((field) => typeof marker[field] === 'number');
}

/** Reads the saved marker of `table` in `file` (0 when absent, stale or `restart`) and returns a saver. */
export function rowMarker(file: string, table: string, context: StepContext): { startAfter: number; save(rowid: number): void } {
  const stat = statSync(file);
  const key = `sqlite:${realpathSync(file)}:${table}`;
  const saved = context.restart ? null : context.state.read(key, isRowMarker);
  const current = saved !== null && saved.size === stat.size && saved.mtimeMs === stat.mtimeMs;
  return {
    startAfter: current ? saved.rowid : 0,
    save: (rowid) => context.state.write(key, { rowid, size: stat.size, mtimeMs: stat.mtimeMs } satisfies RowMarker),
  };
}
