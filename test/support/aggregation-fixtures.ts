import { encodeAddress } from '../../shared/address.js';
import type { NewScrape } from '../../main/store/raw-store.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import type { ReferenceRecord } from './naive-reference.js';

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
 * The fold's persisted state: header, newest snapshot's ids and farmer rows. `written` (which
 * commit wrote a row) and `generation` (how many rebuilds ran) depend on when commits happened,
 * not on the data, so they are left out of comparisons.
 */
export function dumpFoldState(db: SqliteDatabase): unknown {
  const state = db.prepare<[], { header: string; present: Buffer }>('SELECT header, present FROM agg_state').get();
  if (state === undefined) return undefined;
  const { generation: _generation, ...header } = JSON.parse(state.header) as { generation: number };
  const farmers = db
    .prepare(
      `SELECT address_id, first_time, last_time, uptime_ms, last_seq, height, payout_id, day, day_first, day_last,
              day_uptime_ms, day_height_sum, day_count, day_payout_id FROM agg_farmers ORDER BY address_id`,
    )
    .all();
  return { header, present: state.present, farmers };
}
