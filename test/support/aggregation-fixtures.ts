import { encodeAddress } from '../../shared/address.js';
import type { NewScrape } from '../../main/store/raw-store.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import type { ReferenceRecord } from './naive-reference.js';
import { NO_DAY } from '../../main/jobs/farmer-state.js';
import { loadFold } from '../../main/jobs/load-fold.js';

/** A valid base58check address for a small integer, so tests can name farmers 0, 1, 2, … */
export function farmerAddress(index: number, version = 0x00): string {
  const hash = new Uint8Array(20);
  new DataView(hash.buffer).setUint32(16, index + 1);
  hash[0] = 0x5a;
  return encodeAddress(version, hash);
}

export function toNewScrape(record: ReferenceRecord, sourceKey?: string): NewScrape {
  return {
    time: record.time,
    durationMs: 1,
    source: sourceKey === undefined ? 'collector' : 'import',
    ...(sourceKey === undefined ? {} : { sourceKey }),
    farmers:
      record.farmers === null
        ? null
        : record.farmers.map((farmer) => ({ btc_addr: farmer.address, payout_addr: farmer.payout, last_seen: 1, height: farmer.height })),
    total: record.total === null ? null : { id: Math.floor(record.time / 1_800_000), ...record.total },
    rejected: 0,
    duplicates: 0,
    rejections: [],
  };
}

export interface TestStore {
  db: SqliteDatabase;
  store: SqliteRawStore;
}

export function memoryStore(): TestStore {
  const db = openDatabase(':memory:');
  return { db, store: new SqliteRawStore(db) };
}

/** Every aggregate table's rows, in key order, for value-for-value comparisons. */
export function dumpAggregates(db: SqliteDatabase): Record<string, unknown[]> {
  const tables: Record<string, string> = {
    agg_series: 'SELECT * FROM agg_series ORDER BY time, seq',
    agg_series_hourly: 'SELECT * FROM agg_series_hourly ORDER BY start',
    agg_series_daily: 'SELECT * FROM agg_series_daily ORDER BY start',
    agg_daily_summaries: 'SELECT * FROM agg_daily_summaries ORDER BY address_id, day',
    agg_daily_totals: 'SELECT * FROM agg_daily_totals ORDER BY day',
  };
  const dump: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) dump[name] = db.prepare(sql).all();
  return dump;
}

/**
 * The fold's persisted state as the job resumes it (main/jobs/load-fold.ts: the resume checkpoint
 * and the raw records after it, or the farmer rows of an older store): the header, the newest
 * snapshot's ids and every address's values with those still listed brought up to the newest
 * snapshot, as the fold would bring them. How a value is stored depends on when commits happened,
 * so it is compared as the job reads it back; `generation` (how many rebuilds ran) is left out.
 */
export async function dumpFoldState(db: SqliteDatabase): Promise<unknown> {
  if (db.prepare('SELECT 1 FROM agg_state').get() === undefined) return undefined;
  const fold = await loadFold(db, new SqliteRawStore(db));
  const { generation: _generation, ...header } = fold.header;
  const state = fold.farmers;
  const listed = new Set(state.present);
  const farmers: number[][] = [];
  for (let id = 0; id < state.size; id++) {
    if (state.lastSeq[id] === 0) continue;
    const row = state.rowOf(id);
    const snapshots = listed.has(id) ? header.snapshotSeq - state.lastSeq[id]! : 0;
    if (snapshots > 0) {
      const elapsed = header.lastSnapshotTime! - state.last[id]!;
      row[2] = header.lastSnapshotTime!;
      row[3] += elapsed;
      row[4] = header.snapshotSeq;
      if (row[7] !== NO_DAY) {
        row[9] = header.lastSnapshotTime!;
        row[10] += elapsed;
        row[11] += state.height[id]! * snapshots;
        row[12] += snapshots;
      }
    }
    if (row[7] === NO_DAY) row.fill(0, 8);
    farmers.push(row);
  }
  return { header, present: Array.from(state.present), farmers };
}
