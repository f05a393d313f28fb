import { describe, expect, it } from 'vitest';
import { CHECKPOINT_DENSE_DAYS, CHECKPOINT_EVERY_SNAPSHOTS } from '../../../shared/defaults.js';
import { START_CHECKPOINT_TIME } from '../../../main/jobs/checkpoints.js';
import { baselineAt, farmerView, type BaselineRow } from '../../../main/queries/farmer-view.js';
import { figuresAsOf, figuresOf, type Figures, type HistoryReader } from '../../../main/queries/as-of.js';
import { networkPayload } from '../../../main/queries/network-payload.js';
import type { RawStore } from '../../../main/store/raw-store.js';
import type { SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { farmerAddress, memoryStore, toNewScrape, type TestStore } from '../../support/aggregation-fixtures.js';
import type { ReferenceRecord } from '../../support/naive-reference.js';
import { runAggregation } from '../../support/run-aggregation.js';

/**
 * Figures as of a past moment (issue 10, point 2): a checkpoint plus a replay must give exactly
 * what a store holding only the history up to that moment gives as its newest figures.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2015, 10, 9, 6, 11);
const STEP = 30 * MINUTE;
const RECORDS = 4 * 48;
const FARMERS = 30;

/** Four days of half-hourly scrapes: farmers leave and come back, heights and payouts change, some records carry totals only. */
function history(): ReferenceRecord[] {
  const records: ReferenceRecord[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const farmers = [];
    for (let k = 0; k < FARMERS; k++) {
      if (k >= 20 && i < 10 * (k - 19)) continue;
      if ((k * 7 + Math.floor(i / ((k % 5) + 1))) % 9 === 0) continue;
      const payout = k % 4 === 0 && i > 50 ? farmerAddress((k + 1) % FARMERS) : farmerAddress(k);
      farmers.push({ address: farmerAddress(k), payout, height: 1000 * k + Math.floor(i / 10) * (k % 3) });
    }
    const time = START + i * STEP;
    records.push({
      time,
      farmers: i % 17 === 5 ? null : farmers,
      total: i % 13 === 7 ? null : { totalTB: farmers.length * 1.5 + i * 0.01, totalFarmers: farmers.length },
    });
  }
  return records;
}

/**
 * An imported network.db baseline: rows that end before the scrapes begin (some for scraped
 * addresses), and rows of other addresses seen only on the second day (Nov 10, 18:11–20:35 UTC),
 * which no moment below falls inside.
 */
function baseline(): Array<{ address: string; first: number; last: number; uptime: number }> {
  const rows = [];
  for (let k = 0; k < 40; k += 3) {
    const first = START - (30 - k) * DAY;
    const last = START - (k % 5) * HOUR - 1;
    rows.push({ address: farmerAddress(k), first, last, uptime: Math.floor((last - first) * ((k % 10) / 10)) });
  }
  for (let k = 40; k < 46; k++) rows.push({ address: farmerAddress(k), first: START + 36 * HOUR, last: START + 38.4 * HOUR, uptime: (k - 39) * 10 * MINUTE });
  return rows;
}

/** A store with these records and the baseline rows that end at or before `baselineUpTo`. */
async function storeWith(records: ReferenceRecord[], baselineUpTo = Infinity): Promise<TestStore> {
  const test = memoryStore();
  for (const record of records) await test.store.appendScrape(toNewScrape(record));
  const insert = test.db.prepare('INSERT INTO imported_farmers (address_id, first_time, last_time, uptime_ms) VALUES (?, ?, ?, ?)');
  for (const row of baseline()) if (row.last <= baselineUpTo) insert.run(test.store.addresses.ensure(row.address), row.first, row.last, row.uptime);
  await runAggregation(test.db, test.store);
  return test;
}

/** The newest figures of a store that holds only the records at or before `time`. */
async function figuresOfHistoryUpTo(records: ReferenceRecord[], time: number): Promise<Figures> {
  const only = await storeWith(records.filter((record) => record.time <= time), time);
  const figures = figuresOf(farmerView(only.db));
  only.db.close();
  return figures;
}

/** Counts the records a replay reads. */
function counting(store: RawStore): { reader: HistoryReader; read: () => number } {
  let read = 0;
  return {
    reader: {
      readAfter: async (cursor, limit) => {
        const records = await store.readAfter(cursor, limit);
        read += records.length;
        return records;
      },
    },
    read: () => read,
  };
}

function checkpointTimes(db: SqliteDatabase, dayEnd?: boolean): number[] {
  const all = db.prepare<[], { time: number; day_end: number }>('SELECT time, day_end FROM agg_checkpoints ORDER BY time').all();
  return all.filter((row) => dayEnd === undefined || row.day_end === (dayEnd ? 1 : 0)).map((row) => row.time);
}

describe('figures as of a past moment', () => {
  const records = history();
  const dayEnd = (day: number): number => records.filter((record) => record.time < Date.UTC(2015, 10, 10 + day)).at(-1)!.time;

  it('writes the empty start and one checkpoint per completed UTC day', async () => {
    const { db } = await storeWith(records);
    expect(checkpointTimes(db, true)).toEqual([START_CHECKPOINT_TIME, dayEnd(0), dayEnd(1), dayEnd(2), dayEnd(3)]);
    db.close();
  });

  const moments: Array<[string, (records: ReferenceRecord[]) => number]> = [
    ['at a day boundary (the checkpoint itself)', () => dayEnd(1)],
    ['at midnight UTC, just after a checkpoint', () => Date.UTC(2015, 10, 12)],
    ['in the middle of a day', () => Date.UTC(2015, 10, 11, 13, 17)],
    ['on the first day, before any checkpoint but the empty start', () => Date.UTC(2015, 10, 9, 15, 2)],
    ['between two records of the same half hour', (all) => all[100]!.time + 1],
  ];
  for (const [name, momentOf] of moments) {
    it(`equals the newest figures of a store holding the history up to the moment: ${name}`, async () => {
      const full = await storeWith(records);
      const time = momentOf(records);
      const { reader, read } = counting(full.store);
      const past = await figuresAsOf(full.db, reader, { time, retainedSince: null });
      const expected = await figuresOfHistoryUpTo(records, time);
      expect(past).toEqual(expected);
      expect(past.fallback).toBe(false);
      expect(past.uptime.activeFarmers).toBeGreaterThan(0);
      // Cheap: only the records after the newest checkpoint are read, never the whole history.
      expect(read()).toBeLessThanOrEqual(48 + 32);
      full.db.close();
    });
  }

  it('differs from the newest figures, so the test above can tell them apart', async () => {
    const full = await storeWith(records);
    const past = await figuresAsOf(full.db, full.store, { time: Date.UTC(2015, 10, 11, 13, 17), retainedSince: null });
    const newest = figuresOf(farmerView(full.db));
    expect(past.asOf).toBeLessThan(newest.asOf!);
    expect(past.uptime).not.toEqual(newest.uptime);
    expect(past.heights).not.toEqual(newest.heights);
    full.db.close();
  });

  it('answers a repeated moment from its cache without reading the raw store again', async () => {
    const full = await storeWith(records);
    const { reader, read } = counting(full.store);
    const time = Date.UTC(2015, 10, 11, 13, 17);
    const first = await figuresAsOf(full.db, reader, { time, retainedSince: null });
    const afterFirst = read();
    expect(await figuresAsOf(full.db, reader, { time, retainedSince: null })).toBe(first);
    expect(read()).toBe(afterFirst);
    full.db.close();
  });

  it('after raw retention: a checkpoint after the cut still replays exactly; before the cut the checkpoint is used and flagged', async () => {
    const full = await storeWith(records);
    const cut = Date.UTC(2015, 10, 11, 9);
    await full.store.pruneSnapshotsBefore(cut);
    const after = Date.UTC(2015, 10, 12, 7, 40);
    expect(await figuresAsOf(full.db, full.store, { time: after, retainedSince: cut })).toEqual(await figuresOfHistoryUpTo(records, after));

    const before = Date.UTC(2015, 10, 11, 6);
    const flagged = await figuresAsOf(full.db, full.store, { time: before, retainedSince: cut });
    expect(flagged.fallback).toBe(true);
    expect(flagged.asOf).toBe(dayEnd(1));
    expect(flagged).toEqual({ ...(await figuresOfHistoryUpTo(records, dayEnd(1))), fallback: true });
    full.db.close();
  });

  it('falls back to the oldest checkpoint, flagged, for a moment before every checkpoint of an upgraded store', async () => {
    const full = await storeWith(records);
    // A store folded before checkpoints existed has none for its early history (migration 0010).
    full.db.prepare('DELETE FROM agg_checkpoints WHERE time < ?').run(dayEnd(1));
    const figures = await figuresAsOf(full.db, full.store, { time: Date.UTC(2015, 10, 9, 15, 2), retainedSince: null });
    expect(figures.fallback).toBe(true);
    expect(figures.asOf).toBe(dayEnd(1));
    expect(figures).toEqual({ ...(await figuresOfHistoryUpTo(records, dayEnd(1))), fallback: true });
    full.db.close();
  });

  it('the payload shows the given figures and names their moment; without them, the newest', async () => {
    const full = await storeWith(records);
    const time = Date.UTC(2015, 10, 11, 13, 17);
    const past = await figuresAsOf(full.db, full.store, { time, retainedSince: null });
    const payload = networkPayload(full.db, { to: time }, 300, past);
    expect(payload.asOf).toBe(records.at(-1)!.time);
    expect(payload.figures).toEqual({ asOf: past.asOf, fallback: false });
    expect(payload.figures.asOf).toBeLessThanOrEqual(time);
    expect({ latest: payload.latest, uptime: payload.uptime, heights: payload.heights }).toEqual({ latest: past.latest, uptime: past.uptime, heights: past.heights });
    const live = networkPayload(full.db, { to: time }, 300);
    expect(live.figures.asOf).toBe(records.at(-1)!.time);
    full.db.close();
  });

  it('a rebuild writes the same checkpoints as the incremental fold', async () => {
    const incremental = memoryStore();
    for (const record of records) {
      await incremental.store.appendScrape(toNewScrape(record));
      if (record.time % (3 * STEP) === START % (3 * STEP)) await runAggregation(incremental.db, incremental.store);
    }
    await runAggregation(incremental.db, incremental.store);
    const dump = (): unknown[] => incremental.db.prepare('SELECT time, snapshot_seq, state FROM agg_checkpoints ORDER BY time').all();
    const before = dump();
    await runAggregation(incremental.db, incremental.store, { rebuild: true });
    expect(dump()).toEqual(before);
    incremental.db.close();
  });

  it('also checkpoints after a day worth of snapshots within one UTC day', async () => {
    const dense: ReferenceRecord[] = [];
    const count = CHECKPOINT_EVERY_SNAPSHOTS * 2 + 10;
    for (let i = 0; i < count; i++) {
      dense.push({ time: Date.UTC(2015, 10, 9) + i * 100, farmers: [{ address: farmerAddress(i % 3), payout: farmerAddress(0), height: i }], total: null });
    }
    const { db } = await storeWith(dense);
    expect(checkpointTimes(db)).toEqual([START_CHECKPOINT_TIME, dense[CHECKPOINT_EVERY_SNAPSHOTS - 1]!.time, dense[2 * CHECKPOINT_EVERY_SNAPSHOTS - 1]!.time]);
    db.close();
  });

  it(`keeps the checkpoints within a day for the last ${CHECKPOINT_DENSE_DAYS} days only, the ends of days for good; an old moment still replays exactly`, async () => {
    const sparse: ReferenceRecord[] = [];
    const step = 20 * MINUTE;
    for (let time = START; time < START + 40 * DAY; time += step) {
      const index = (time - START) / step;
      const farmers = [0, 1, 2].filter((k) => (index + k) % 5 !== 0).map((k) => ({ address: farmerAddress(k), payout: farmerAddress(k), height: 100 * k + (index % 7) }));
      sparse.push({ time, farmers, total: { totalTB: farmers.length, totalFarmers: farmers.length } });
    }
    const full = await storeWith(sparse);
    const newest = checkpointTimes(full.db).at(-1)!;
    const within = checkpointTimes(full.db, false);
    expect(within.length).toBeGreaterThan(0);
    expect(within.every((time) => time >= newest - CHECKPOINT_DENSE_DAYS * DAY)).toBe(true);
    // One end of day per completed UTC day, and the start.
    const days = new Set(sparse.map((record) => Math.floor(record.time / DAY))).size;
    expect(checkpointTimes(full.db, true)).toHaveLength(days);
    const old = START + 3 * DAY + 5 * HOUR;
    expect(await figuresAsOf(full.db, full.store, { time: old, retainedSince: null })).toEqual(await figuresOfHistoryUpTo(sparse, old));
    full.db.close();
  });
});

describe('the imported baseline as known at a moment', () => {
  const rows: BaselineRow[] = [
    [1, 1000, 2000, 500],
    [2, 3000, 4000, 1000],
    [3, 1000, 5000, 2000],
    [4, 2000, 2000, 0],
  ];

  it('leaves out addresses first seen later and ends later ones at the moment with their uptime percentage', () => {
    expect(baselineAt(rows, 2500)).toEqual([
      [1, 1000, 2000, 500],
      [3, 1000, 2500, 750],
      [4, 2000, 2000, 0],
    ]);
    expect(baselineAt(rows, 5000)).toEqual(rows);
  });
});

describe('a damaged checkpoint', () => {
  it('is reported with the moment it belongs to and the fix', async () => {
    const full = await storeWith(history());
    full.db.prepare('UPDATE agg_checkpoints SET state = ? WHERE time > 0').run(Buffer.from([1, 2, 3]));
    await expect(figuresAsOf(full.db, full.store, { time: Date.UTC(2015, 10, 11, 13, 17), retainedSince: null })).rejects.toThrow(
      /^the fold checkpoint at 2015-11-10T23:41:00.000Z \(agg_checkpoints\) is damaged: .+; run `driveshare-graph rebuild`$/,
    );
    full.db.close();
  });
});
