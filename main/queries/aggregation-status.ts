import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { farmerView } from './farmer-view.js';

export interface AggregationStatus {
  /** Time of the newest folded record; null before the first fold. */
  foldedThrough: number | null;
  records: number;
  snapshots: number;
  observations: number;
  addresses: number;
}

/** How far the aggregation job has folded the raw history (for status displays and tests). */
export function aggregationStatus(db: SqliteDatabase): AggregationStatus {
  const { header } = farmerView(db);
  return {
    foldedThrough: header.cursor?.time ?? null,
    records: header.records,
    snapshots: header.snapshotSeq,
    observations: header.observations,
    addresses: header.size,
  };
}
