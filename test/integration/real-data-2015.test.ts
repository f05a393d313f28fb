import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deserialize } from 'bson';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkPayload } from '../../shared/model/network.js';
import { runImport } from '../support/run-import.js';
import { runAggregation } from '../support/run-aggregation.js';
import { networkPayload } from '../../main/queries/network-payload.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';

/**
 * The 2015 DriveShare test network's own data (issue 3 item 8): imported through the real
 * importers and jobs, checked against figures this test computes straight from the raw files.
 */

const FIXTURES = resolve('../shared/fixtures/driveshare-2015');
const TOTAL_STORAGE = resolve(FIXTURES, 'totalStorage.bson');
const NETWORK_DB = resolve(FIXTURES, 'network.db');
const present = existsSync(TOTAL_STORAGE) && existsSync(NETWORK_DB);
if (!present) console.log(`real 2015 data: SKIPPED, ${FIXTURES} (totalStorage.bson, network.db) is absent`);

interface Reading {
  time: number;
  totalTB: number;
  totalFarmers: number;
}

/** The test's own walk over the dump: int32 length, document, repeat. */
function readTotalStorage(): Reading[] {
  const bytes = readFileSync(TOTAL_STORAGE);
  const readings: Reading[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = bytes.readInt32LE(offset);
    const document = deserialize(bytes.subarray(offset, offset + length));
    readings.push({ time: (document.time as Date).getTime(), totalTB: document.total_TB as number, totalFarmers: document.total_farmers as number });
    offset += length;
  }
  return readings;
}

describe.skipIf(!present)('importing the real 2015 DriveShare data', () => {
  let db: SqliteDatabase;
  let payload: NetworkPayload;
  let readings: Reading[];

  beforeAll(async () => {
    db = openDatabase(':memory:');
    const store = new SqliteRawStore(db);
    const target = { store, db, addresses: store.addresses };
    expect(await runImport(target, { kind: 'path', path: TOTAL_STORAGE })).toMatchObject({ state: 'done', imported: 1000, rejected: 0 });
    expect(await runImport(target, { kind: 'path', path: NETWORK_DB })).toMatchObject({ state: 'done', imported: 1227, rejected: 0 });
    await runAggregation(db, store);
    payload = networkPayload(db);
    readings = readTotalStorage();
  });

  afterAll(() => db?.close());

  it('answers as of the newest scrape in the dump', () => {
    const newest = readings.reduce((a, b) => (b.time > a.time ? b : a));
    expect(payload.asOf).toBe(newest.time);
    expect(new Date(payload.asOf!).toISOString().slice(0, 16)).toBe('2015-11-12T18:14');
  });

  it('gives the min and max number of farmers of every UTC day', () => {
    const byDay = new Map<string, { min: number; max: number }>();
    for (const { time, totalFarmers } of readings) {
      const day = new Date(time).toISOString().slice(0, 10);
      const seen = byDay.get(day);
      byDay.set(day, seen === undefined ? { min: totalFarmers, max: totalFarmers } : { min: Math.min(seen.min, totalFarmers), max: Math.max(seen.max, totalFarmers) });
    }
    const expected = [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, range]) => ({ day, ...range }));
    expect(expected).toHaveLength(4);
    expect(payload.minMaxPerDay).toEqual(expected);
  });

  it('gives the average capacity per farmer of the newest reading, in GB with 2 decimals', () => {
    const newest = readings.reduce((a, b) => (b.time > a.time ? b : a));
    expect(payload.averageCapacityGB).toBe(Math.round((newest.totalTB / newest.totalFarmers) * 1000 * 100) / 100);
  });

  it('keeps the storage and farmer extremes through downsampling', () => {
    const tb = readings.map((reading) => reading.totalTB);
    const farmers = readings.map((reading) => reading.totalFarmers);
    expect(Math.min(...payload.storage.map((point) => point.min))).toBe(Math.min(...tb));
    expect(Math.max(...payload.storage.map((point) => point.max))).toBe(Math.max(...tb));
    expect(Math.min(...payload.farmers.map((point) => point.min))).toBe(Math.min(...farmers));
    expect(Math.max(...payload.farmers.map((point) => point.max))).toBe(Math.max(...farmers));
  });

  it("gives the uptime histogram and average of farmers active in the 7 days before the newest scrape, from network.db", () => {
    const reference = payload.asOf! / 1000;
    const network = new Database(NETWORK_DB, { readonly: true });
    const rows = network
      .prepare<[number], { first_date: number; last_date: number; uptime: number }>(
        'SELECT first_date, last_date, uptime FROM farmers WHERE last_date >= ? AND last_date > first_date',
      )
      .all(reference - 7 * 86_400);
    network.close();
    const histogram = new Array<number>(20).fill(0);
    let sum = 0;
    for (const row of rows) {
      const percent = (100 * row.uptime) / (row.last_date - row.first_date);
      histogram[Math.min(19, Math.floor(percent / 5))]! += 1;
      sum += percent;
    }
    expect(rows.length).toBeGreaterThan(300);
    expect(payload.uptime.activeFarmers).toBe(rows.length);
    expect(payload.uptime.histogram).toEqual(histogram);
    expect(payload.uptime.average).toBe(Math.round((sum / rows.length) * 100) / 100);
  });
});
