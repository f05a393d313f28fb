/**
 * What raw history costs on disk, measured by writing simulated scrapes through the SQLite store:
 * bytes per farmer observation, the projection to a year at 25,000 farmers every 5 minutes, and
 * where the bytes go per column (codec 2). Used by `npm run bench -- storage` and by other benches
 * (`measureStorage`), so every figure of disk use comes from one measurement.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import type { NewScrape, SnapshotColumns } from '../main/store/raw-store.js';
import { encodeDelta, encodeKeyframe, modelAfter } from '../main/store/snapshot-delta-codec.js';
import type { SnapshotModel } from '../main/store/snapshot-model.js';
import { openDatabase, type SqliteDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import { MAX_HEIGHT_EXCLUSIVE, type FarmerEntry } from '../shared/model/dataserv.js';
import { SNAPSHOT_KEYFRAME_INTERVAL } from '../shared/defaults.js';

export const SCRAPE_MS = 300_000;
const START = Date.UTC(2026, 0, 1);
/** Scrapes in a year at one every 5 minutes. */
export const SCRAPES_PER_YEAR = 365 * 288;

/**
 * steady: the simulator as it is (about 350 heights change per 25,000-farmer scrape).
 * full-churn: the same farmers, but every height grows every scrape by 1–16 shards, drawn anew
 * each time (a growing network with no regularity for the codec to find: about 4 bits a farmer).
 */
export type Churn = 'steady' | 'full-churn';

export interface StorageOptions {
  farmers: number;
  scrapes: number;
  churn: Churn;
  keyframeInterval?: number;
}

/** A 32-bit hash of an address and a scrape index, for the full-churn growth. */
function growth(address: string, scrape: number): number {
  let hash = Math.imul(scrape + 1, 0x9e3779b1);
  for (let i = 0; i < address.length; i++) hash = Math.imul(hash ^ address.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return 1 + ((hash ^ (hash >>> 12)) >>> 0) % 16;
}

/** The simulator's scrapes, with every height changed every scrape under full churn. */
export function simulatedScrapes(options: StorageOptions): NewScrape[] {
  const network = new SimulatedNetwork({ farmers: options.farmers, seed: 'storage' });
  const grown = new Map<string, number>();
  return Array.from({ length: options.scrapes }, (_, index) => {
    const time = START + index * SCRAPE_MS;
    let farmers: FarmerEntry[] = network.stateAt(time).farmers;
    if (options.churn === 'full-churn') {
      farmers = farmers.map((farmer) => {
        const extra = (grown.get(farmer.btc_addr) ?? 0) + growth(farmer.btc_addr, index);
        grown.set(farmer.btc_addr, extra);
        return { ...farmer, height: (farmer.height + extra) % MAX_HEIGHT_EXCLUSIVE };
      });
    }
    return { time, durationMs: 100, source: 'collector', farmers, total: null, rejected: 0, duplicates: 0, rejections: [] };
  });
}

export interface DiskFigures {
  observations: number;
  /** The whole file over the observations (one-time costs such as the address dictionary included). */
  fileBytesPerObservation: number;
  /** The snapshot rows' encoded bytes over the observations. */
  snapshotBytesPerObservation: number;
  /** The pages the snapshots table takes (blobs, overflow pages and their slack) over the observations. */
  snapshotPageBytesPerObservation: number;
  /**
   * The raw history of a year at this rate, every 5 minutes: snapshot pages per observation and
   * scrape-log pages per scrape times a year of them, plus the address dictionary's pages per
   * address times the addresses it would hold (those of the first scrape, growing at the rate
   * new ones came in). Aggregates are not counted (they are not raw history).
   */
  projectedGBPerYear: number;
}

const pagesOf = (db: SqliteDatabase, names: readonly string[]): number =>
  db.prepare<string[], { bytes: number | null }>(`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN (${names.map(() => '?').join(', ')})`).get(...names)!.bytes ?? 0;

/** Writes `scrapes` through the SQLite store into a fresh file and measures it (WAL checkpointed); returns the columns as stored too. */
export function writeAndMeasure(scrapes: readonly NewScrape[], keyframeInterval = SNAPSHOT_KEYFRAME_INTERVAL): { disk: DiskFigures; columns: SnapshotColumns[] } {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-storage-'));
  const file = join(dir, 'driveshare.db');
  const db = openDatabase(file);
  try {
    const store = new SqliteRawStore(db, keyframeInterval);
    store.appendScrapesSync(scrapes.slice(0, 1));
    const firstAddresses = store.addresses.size;
    store.appendScrapesSync(scrapes.slice(1));
    const columns = store.readAfterSync(null, scrapes.length).map((record) => record.snapshot!);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const observations = columns.reduce((sum, snapshot) => sum + snapshot.ids.length, 0);
    const snapshotBytes = db.prepare<[], { bytes: number }>('SELECT SUM(LENGTH(data)) AS bytes FROM snapshots').get()!.bytes;
    const snapshotPages = pagesOf(db, ['snapshots']);
    const logPages = pagesOf(db, ['scrapes', 'sqlite_autoindex_scrapes_1', 'scrapes_ok_time']);
    const addressPages = pagesOf(db, ['addresses', 'sqlite_autoindex_addresses_1']);
    const addresses = store.addresses.size;
    const newPerScrape = (addresses - firstAddresses) / Math.max(1, scrapes.length - 1);
    const yearAddresses = firstAddresses + newPerScrape * (SCRAPES_PER_YEAR - 1);
    const yearBytes =
      (snapshotPages / observations) * (observations / scrapes.length) * SCRAPES_PER_YEAR +
      (logPages / scrapes.length) * SCRAPES_PER_YEAR +
      (addressPages / addresses) * yearAddresses;
    return {
      disk: {
        observations,
        fileBytesPerObservation: statSync(file).size / observations,
        snapshotBytesPerObservation: snapshotBytes / observations,
        snapshotPageBytesPerObservation: snapshotPages / observations,
        projectedGBPerYear: yearBytes / 1e9,
      },
      columns,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes per observation of each part of codec 2's frames: what each column's residuals cost. */
export interface ColumnBreakdown {
  keyframes: number;
  lastSeen: number;
  heights: number;
  payouts: number;
  /** Joiners (whole rows), leavers, counts and the compressor's framing. */
  idsAndRest: number;
  total: number;
}

/** The columns with what a column predicted put in place of its values: a delta on them costs nothing for that column. */
function predicted(base: SnapshotModel, columns: SnapshotColumns, column: 'lastSeen' | 'heights' | 'payouts'): SnapshotColumns {
  const copy = { ...columns, [column]: columns[column].slice() };
  const position = new Map<number, number>();
  base.columns.ids.forEach((id, at) => position.set(id, at));
  const prediction = { height: 0, lastSeen: 0 };
  for (let i = 0; i < columns.ids.length; i++) {
    const at = position.get(columns.ids[i]!);
    if (at === undefined) continue;
    base.predict(at, prediction);
    if (column === 'lastSeen') copy.lastSeen[i] = prediction.lastSeen;
    else if (column === 'heights') copy.heights[i] = prediction.height;
    else copy.payouts[i] = base.columns.payouts[at]!;
  }
  return copy;
}

/**
 * Encodes `columns` as one chain with a keyframe every `interval` and attributes the bytes: a
 * column's share is how much smaller each delta gets when that column is exactly as predicted.
 */
export function columnBreakdown(columns: readonly SnapshotColumns[], interval = SNAPSHOT_KEYFRAME_INTERVAL): ColumnBreakdown {
  let state: SnapshotModel | null = null;
  const bytes = { keyframes: 0, lastSeen: 0, heights: 0, payouts: 0, total: 0 };
  let observations = 0;
  columns.forEach((snapshot, index) => {
    observations += snapshot.ids.length;
    if (state === null || index % interval === 0) {
      state = modelAfter(state, snapshot);
      const size = encodeKeyframe(state).length;
      bytes.keyframes += size;
      bytes.total += size;
      return;
    }
    const base: SnapshotModel = state;
    const delta = encodeDelta(index, base, snapshot);
    bytes.total += delta.data.length;
    for (const column of ['lastSeen', 'heights', 'payouts'] as const) {
      bytes[column] += delta.data.length - encodeDelta(index, base, predicted(base, snapshot, column)).data.length;
    }
    state = delta.state;
  });
  const per = (value: number): number => value / observations;
  return {
    keyframes: per(bytes.keyframes),
    lastSeen: per(bytes.lastSeen),
    heights: per(bytes.heights),
    payouts: per(bytes.payouts),
    idsAndRest: per(bytes.total - bytes.keyframes - bytes.lastSeen - bytes.heights - bytes.payouts),
    total: per(bytes.total),
  };
}

/** The disk figures of `options.scrapes` simulated scrapes (for benches that report storage beside their own figures). */
export function measureStorage(options: StorageOptions): DiskFigures {
  return writeAndMeasure(simulatedScrapes(options), options.keyframeInterval).disk;
}
