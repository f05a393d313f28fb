import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runAggregation } from '../../support/run-aggregation.js';
import { dumpAggregates, dumpFoldState, farmerAddress, memoryStore, toNewScrape, type TestStore } from '../../support/aggregation-fixtures.js';
import { addressDetail } from '../../../main/queries/index.js';
import { farmerView } from '../../../main/queries/farmer-view.js';
import { loadFold } from '../../../main/jobs/load-fold.js';
import { applyMigrations } from '../../../main/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../../main/store/sqlite/migrations/index.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import type { ReferenceRecord } from '../../support/naive-reference.js';

const START = Date.UTC(2026, 0, 1, 6);
const SCRAPE_MS = 300_000;
const SCRAPES = 400;
const addresses = Array.from({ length: 30 }, (_, index) => farmerAddress(index));

/**
 * Scrape `n` of a history from 06:00 over 1.4 days (midnight after scrape 215): every height
 * changes every scrape, farmers come and go, and one changes payout now and then.
 */
function record(n: number): ReferenceRecord {
  const farmers = addresses
    .map((address, index) => ({ address, payout: index === 4 && n % 50 >= 25 ? addresses[0]! : address, height: (index * 37 + n) % 5000 }))
    .filter((_, index) => (index * 7 + n * 3) % 11 !== 0);
  return { time: START + n * SCRAPE_MS, farmers, total: { totalTB: farmers.length / 10, totalFarmers: farmers.length } };
}

function append(store: TestStore['store'], from: number, to: number): void {
  for (let n = from; n < to; n++) store.appendScrapeSync(toNewScrape(record(n)));
}

/** What the job stores and what the queries read back from it. */
async function everything(db: SqliteDatabase): Promise<unknown> {
  const view = farmerView(db);
  const detail = addresses.map((address) => addressDetail(db, address));
  return { tables: dumpAggregates(db), state: await dumpFoldState(db), first: [...view.first], last: [...view.last], uptime: [...view.uptime], detail };
}

async function reference(): Promise<unknown> {
  const { db, store } = memoryStore();
  append(store, 0, SCRAPES);
  await runAggregation(db, store);
  return everything(db);
}

describe('the aggregation job resumes from its checkpoint', () => {
  // 48 snapshots between checkpoints: stops before the first, mid-morning, just before and after midnight, and on the second day.
  it.each([30, 100, 170, 215, 216, 217, 300])('stopped after %i scrapes and restarted, it ends with the tables, state and figures of one run', async (stop) => {
    const expected = await reference();
    const { db, store } = memoryStore();
    append(store, 0, stop);
    await runAggregation(db, store, { readBatch: 3, commitObservations: 100 });
    append(store, stop, SCRAPES);
    // A new job, as after a restart: it resumes from agg_resume and folds the raw records after it again.
    await runAggregation(db, store, { readBatch: 3, commitObservations: 100 });
    expect(await everything(db)).toEqual(expected);
  });

  it('writes no farmer row for a scrape where only heights change, and the figures still show the new heights', async () => {
    const { db, store } = memoryStore();
    const everyone = (n: number): ReferenceRecord => ({
      time: START + n * SCRAPE_MS,
      farmers: addresses.map((address, index) => ({ address, payout: address, height: index * 10 + n })),
      total: { totalTB: 3, totalFarmers: addresses.length },
    });
    store.appendScrapeSync(toNewScrape(everyone(0)));
    await runAggregation(db, store);
    const rowsWritten = db.prepare<[], number>('SELECT COUNT(*) FROM agg_farmers').pluck();
    expect(rowsWritten.get()).toBe(addresses.length);
    for (let n = 1; n <= 3; n++) {
      store.appendScrapeSync(toNewScrape(everyone(n)));
      await runAggregation(db, store);
      expect(db.prepare<[number], number>('SELECT COUNT(*) FROM agg_farmers WHERE written = ?').pluck().get(n + 1)).toBe(0);
      expect(addressDetail(db, addresses[7]!)).toMatchObject({ height: 70 + n, uptimeSeconds: n * 300 });
    }
  });

  it('upgrades a store of version 10 (every farmer row whole) without a rebuild, mid-day', async () => {
    const expected = await reference();
    const dir = mkdtempSync(join(tmpdir(), 'aggregation-upgrade-'));
    try {
      const file = join(dir, 'driveshare.db');
      // What version 10's job left after folding 170 scrapes: every farmer's row (with its day
      // accumulators, as of its lastSeq), the header and the newest snapshot's ids; no heights.
      const folded = memoryStore();
      append(folded.store, 0, 170);
      await runAggregation(folded.db, folded.store);
      const fold = await loadFold(folded.db, folded.store);
      const old = new Database(file);
      applyMigrations(old, MIGRATIONS.slice(0, 10));
      const store = new SqliteRawStore(old as SqliteDatabase);
      append(store, 0, 170);
      const insert = old.prepare('INSERT INTO agg_farmers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (let id = 0; id < fold.farmers.size; id++) if (fold.farmers.lastSeq[id] !== 0) insert.run(...fold.farmers.rowOf(id), fold.header.records);
      old.prepare('INSERT INTO agg_state (id, header, present) VALUES (1, ?, ?)').run(JSON.stringify(fold.header), fold.farmers.presentBitmap());
      for (const table of ['agg_series', 'agg_series_hourly', 'agg_series_daily', 'agg_daily_summaries', 'agg_daily_totals']) {
        for (const row of folded.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, number>[]) {
          old.prepare(`INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`).run(...Object.values(row));
        }
      }
      old.close();

      const db = openDatabase(file);
      const upgraded = new SqliteRawStore(db);
      // Before the job runs, the figures read the upgraded rows.
      expect(addressDetail(db, addresses[7]!)).toEqual(addressDetail(folded.db, addresses[7]!));
      append(upgraded, 170, SCRAPES);
      const result = await runAggregation(db, upgraded);
      expect(result.rebuilt).toBe(false);
      expect(db.prepare('SELECT COUNT(*) AS n FROM agg_farmers_before_resume').get()).toEqual({ n: 0 });
      expect(await everything(db)).toEqual(expected);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the snapshots after the checkpoint when raw retention would drop them', async () => {
    const { db, store } = memoryStore();
    append(store, 0, 120);
    await runAggregation(db, store);
    const resumeTime = db.prepare<[], number>('SELECT time FROM agg_resume').pluck().get()!;
    expect(resumeTime).toBe(START + 95 * SCRAPE_MS);
    const before = await dumpFoldState(db);
    await store.pruneSnapshotsBefore(START + 110 * SCRAPE_MS);
    const kept = db.prepare<[], number>('SELECT MIN(time) FROM scrapes WHERE has_snapshot = 1').pluck().get();
    expect(kept).toBe(resumeTime);
    // Resuming (what dumpFoldState does) still finds every snapshot it folds again.
    expect(await dumpFoldState(db)).toEqual(before);
  });

  it('reports a damaged or lost checkpoint with the way out, and a rebuild still works', async () => {
    const { db, store } = memoryStore();
    append(store, 0, 60);
    await runAggregation(db, store);
    db.exec("UPDATE agg_resume SET days = x'00'");
    await expect(runAggregation(db, store)).rejects.toThrow(/agg_resume.*damaged.*driveshare-graph rebuild/);
    // Lost rather than damaged: the rows alone are not the state.
    db.exec('DELETE FROM agg_resume');
    await expect(runAggregation(db, store)).rejects.toThrow(/agg_resume.*missing.*driveshare-graph rebuild/);
    const rebuilt = await runAggregation(db, store, { rebuild: true });
    expect(rebuilt.rebuilt).toBe(true);
    append(store, 60, 70);
    await runAggregation(db, store);
    expect(await everything(db)).toEqual(await (async () => {
      const fresh = memoryStore();
      append(fresh.store, 0, 70);
      await runAggregation(fresh.db, fresh.store);
      return everything(fresh.db);
    })());
  });
});
