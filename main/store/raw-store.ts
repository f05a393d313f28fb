import type { FarmerEntry } from '../../shared/model/dataserv.js';

/**
 * The raw history: every scrape exactly as received (after validation). Two implementations:
 * SQLite (default, embedded) and MongoDB (shared by many collectors). Aggregation jobs read it
 * in (time, key) order and fold it into local SQLite tables.
 */

/** One scrape's farmers, columnar and sorted by address id (ids from the local address dictionary). */
export interface SnapshotColumns {
  ids: Int32Array;
  heights: Int32Array;
  lastSeen: Int32Array;
  /** Address id of each farmer's payout address (equal to `ids[i]` when it pays itself). */
  payouts: Int32Array;
}

export interface TotalReading {
  /** The status server's `id` (floor(minutes / 30)). */
  id: number;
  totalTB: number;
  totalFarmers: number;
}

/** Why entries of a payload were dropped: one row per reason, with a count and a few examples. */
export interface Rejection {
  reason: string;
  count: number;
  examples: string[];
}

export interface NewScrape {
  /** Collector's clock when the answer arrived, epoch ms UTC. */
  time: number;
  durationMs: number;
  source: 'collector' | 'import';
  /** Set by imports so that importing the same record twice adds nothing. */
  sourceKey?: string;
  /** Validated, de-duplicated entries; null when this record carries no farmer list (totals only). */
  farmers: readonly FarmerEntry[] | null;
  total: TotalReading | null;
  rejected: number;
  duplicates: number;
  rejections: Rejection[];
}

export interface FailedScrape {
  time: number;
  durationMs: number;
  /** Stable machine-readable reason: http_status, timeout, not_json, truncated, wrong_shape, too_large, connection. */
  errorCode: string;
  errorMessage: string;
}

export interface RawCursor {
  time: number;
  /** Tie-break within one millisecond; implementation-defined, compared as a string. */
  key: string;
}

export interface RawScrape {
  cursor: RawCursor;
  time: number;
  total: TotalReading | null;
  snapshot: SnapshotColumns | null;
}

export interface AppendResult {
  inserted: boolean;
  cursor: RawCursor;
}

export interface RawStoreCounts {
  scrapes: number;
  snapshots: number;
  addresses: number;
  sizeBytes: number;
}

export interface RawStore {
  readonly kind: 'sqlite' | 'mongodb';
  /** Stores the snapshot, the totals and the scrape-log row atomically, or nothing. */
  appendScrape(scrape: NewScrape): Promise<AppendResult>;
  /** Many `appendScrape`s in one round trip (imports); each scrape stays all-or-nothing, results in order. */
  appendScrapes(scrapes: readonly NewScrape[]): Promise<AppendResult[]>;
  /** Logs a scrape that produced nothing usable. */
  recordFailure(failure: FailedScrape): Promise<void>;
  /** Raw scrapes strictly after `cursor` (null: from the start), oldest first, at most `limit`. */
  readAfter(cursor: RawCursor | null, limit: number): Promise<RawScrape[]>;
  /**
   * The earliest time among records inserted after `mark` (insertion order), and the new mark.
   * Jobs use it to notice history inserted behind their cursor (imports), which needs a rebuild.
   */
  earliestInsertedSince(mark: string | null): Promise<{ earliestTime: number | null; mark: string | null }>;
  /** Drops snapshots older than `time` (scrape-log rows and totals are kept). Returns how many. */
  pruneSnapshotsBefore(time: number): Promise<number>;
  /**
   * Trims this machine's scrape log older than `time`: failed-scrape rows go, kept rows lose their
   * diagnostic detail (rejections, error message) but keep their counts and totals. Returns how many rows went.
   */
  pruneScrapeLogBefore(time: number): Promise<number>;
  counts(): Promise<RawStoreCounts>;
  close(): Promise<void>;
}
