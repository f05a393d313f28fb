import { afterEach, describe, expect, it } from 'vitest';
import type { RawCursor, RawScrape, RawStore } from '../../../main/store/raw-store.js';
import type { SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { dumpAggregates, dumpFoldState, farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';
import { runAggregation } from '../../support/run-aggregation.js';

const start = Date.UTC(2026, 0, 10);
const scrape = (minutes: number) =>
  toNewScrape({
    time: start + minutes * 60_000,
    farmers: [1, 2, 3].map((index) => ({ address: farmerAddress(index), payout: farmerAddress(index), height: 10 + minutes })),
    total: { totalTB: 1, totalFarmers: 3 },
  });

const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** The store, with `during` run by the fold's first read: a writer (the demo backfill) storing while the fold reads. */
function writtenDuringTheRun(store: RawStore, during: () => void): RawStore {
  let first = true;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readAfter') return Reflect.get(target, property, receiver) as unknown;
      return async (cursor: RawCursor | null, limit: number): Promise<RawScrape[]> => {
        const records = await target.readAfter(cursor, limit);
        if (first) {
          first = false;
          during();
        }
        return records;
      };
    },
  });
}

/** The store, with `during` run after each of the fold's first `times` reads: a writer that keeps storing. */
function writtenAfterEachRead(store: RawStore, times: number, during: (read: number) => void): RawStore {
  let reads = 0;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'readAfter') return Reflect.get(target, property, receiver) as unknown;
      return async (cursor: RawCursor | null, limit: number): Promise<RawScrape[]> => {
        const records = await target.readAfter(cursor, limit);
        if (reads < times) during(reads);
        reads++;
        return records;
      };
    },
  });
}

describe('a fold while another writer stores scrapes', () => {
  it('keeps up with a writer that keeps storing without committing after each short batch, and ends with every scrape folded', async () => {
    const { db, store } = memoryStore();
    open.push(db);
    store.appendScrapeSync(scrape(0));
    const commits: number[] = [];
    const minutes = Array.from({ length: 10 }, (_, index) => 5 * (index + 1));
    const result = await runAggregation(db, writtenAfterEachRead(store, minutes.length, (read) => store.appendScrapeSync(scrape(minutes[read]!))), {
      onProgress: (progress) => commits.push(progress.records),
    });
    expect(result.records).toBe(11);
    // Each read found one new scrape (a short batch); the run committed once, as it ended.
    expect(commits).toEqual([11]);
    const reference = memoryStore();
    open.push(reference.db);
    for (const minute of [0, ...minutes]) reference.store.appendScrapeSync(scrape(minute));
    await runAggregation(reference.db, reference.store);
    expect(dumpAggregates(db)).toEqual(dumpAggregates(reference.db));
  });

  it('folds scrapes stored during its run without rebuilding from scratch on the next run', async () => {
    const { db, store } = memoryStore();
    open.push(db);
    for (const minute of [0, 5, 10]) store.appendScrapeSync(scrape(minute));
    const first = await runAggregation(db, writtenDuringTheRun(store, () => store.appendScrapesSync([scrape(15), scrape(20)])), { readBatch: 1 });
    expect(first.records).toBe(5);
    store.appendScrapeSync(scrape(25));
    const second = await runAggregation(db, store, { readBatch: 1 });
    expect(second.rebuilt).toBe(false);
    expect(second.records).toBe(1);

    const reference = memoryStore();
    open.push(reference.db);
    for (const minute of [0, 5, 10, 15, 20, 25]) reference.store.appendScrapeSync(scrape(minute));
    await runAggregation(reference.db, reference.store);
    expect(dumpAggregates(db)).toEqual(dumpAggregates(reference.db));
    expect(dumpFoldState(db)).toEqual(dumpFoldState(reference.db));
  });

  it('still rebuilds when a scrape older than the folded ones is stored during its run, ending with what a rebuild gives', async () => {
    const { db, store } = memoryStore();
    open.push(db);
    for (const minute of [10, 15, 20]) store.appendScrapeSync(scrape(minute));
    await runAggregation(db, writtenDuringTheRun(store, () => store.appendScrapeSync(scrape(0))), { readBatch: 1 });
    const next = await runAggregation(db, store, { readBatch: 1 });
    expect(next.rebuilt).toBe(true);

    const reference = memoryStore();
    open.push(reference.db);
    for (const minute of [0, 10, 15, 20]) reference.store.appendScrapeSync(scrape(minute));
    await runAggregation(reference.db, reference.store);
    expect(dumpAggregates(db)).toEqual(dumpAggregates(reference.db));
    // The fold states differ only in the cursor's row id: the late scrape has a higher id here.
  });
});
