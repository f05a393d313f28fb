import { MS_PER_DAY } from '../../../shared/defaults.js';
import type { SqliteDatabase } from './open-database.js';
import { databaseBytes } from './row-counts.js';

/** What the raw history costs on disk, and what it will cost at the current rate. */
export interface StorageStats {
  /** The database file (page count × page size; the WAL is not counted). */
  fileBytes: number;
  /** The snapshot rows' encoded bytes alone. */
  snapshotBytes: number;
  snapshots: number;
  /** Farmer observations held by those snapshots (one farmer listed in one snapshot). */
  observations: number;
  /** Snapshot rows per codec (1: whole snapshots, 2: deltas and keyframes). */
  snapshotsByCodec: Record<string, number>;
  /** Observations in the day of history ending at the newest snapshot, or null with less than a day stored. */
  observationsLastDay: number | null;
  /** File bytes per observation (everything the store holds, over the farmer observations). */
  fileBytesPerObservation: number | null;
  snapshotBytesPerObservation: number | null;
  /** At the last day's rate and today's file bytes per observation. */
  projectedBytesPerDay: number | null;
  projectedBytesPerYear: number | null;
}

const DAYS_PER_YEAR = 365;

interface SnapshotTotals {
  snapshots: number;
  observations: number | null;
  bytes: number | null;
  newest: number | null;
}

/**
 * Reads the figures with a few aggregate statements over `scrapes` and `snapshots` (a scan of
 * each, well under a second at a year of history; `length()` of a blob does not read it): for the
 * `stats` command, never a request path.
 */
export function storageStats(db: SqliteDatabase): StorageStats {
  const totals = db
    .prepare<[], SnapshotTotals>(
      `SELECT COUNT(*) AS snapshots, SUM(s.farmers) AS observations, SUM(LENGTH(n.data)) AS bytes, MAX(s.time) AS newest
       FROM snapshots n JOIN scrapes s ON s.id = n.scrape_id`,
    )
    .get()!;
  const byCodec = db.prepare<[], { codec: number; rows: number }>('SELECT codec, COUNT(*) AS rows FROM snapshots GROUP BY codec ORDER BY codec').all();
  const oldest = db.prepare<[], { oldest: number | null }>('SELECT MIN(s.time) AS oldest FROM snapshots n JOIN scrapes s ON s.id = n.scrape_id').get()!.oldest;
  let observationsLastDay: number | null = null;
  if (totals.newest !== null && oldest !== null && totals.newest - oldest >= MS_PER_DAY) {
    observationsLastDay = db
      .prepare<[number], { observations: number | null }>('SELECT SUM(farmers) AS observations FROM scrapes WHERE ok = 1 AND has_snapshot = 1 AND time > ?')
      .get(totals.newest - MS_PER_DAY)!.observations ?? 0;
  }
  const observations = totals.observations ?? 0;
  const fileBytes = databaseBytes(db);
  const snapshotBytes = totals.bytes ?? 0;
  const perObservation = observations === 0 ? null : fileBytes / observations;
  const perDay = perObservation === null || observationsLastDay === null ? null : perObservation * observationsLastDay;
  return {
    fileBytes,
    snapshotBytes,
    snapshots: totals.snapshots,
    observations,
    snapshotsByCodec: Object.fromEntries(byCodec.map((row) => [String(row.codec), row.rows])),
    observationsLastDay,
    fileBytesPerObservation: perObservation,
    snapshotBytesPerObservation: observations === 0 ? null : snapshotBytes / observations,
    projectedBytesPerDay: perDay,
    projectedBytesPerYear: perDay === null ? null : perDay * DAYS_PER_YEAR,
  };
}
