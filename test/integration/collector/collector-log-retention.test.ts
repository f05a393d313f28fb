import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collector } from '../../../main/collector/collector.js';
import type { Rejection } from '../../../main/store/raw-store.js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const DAY = 86_400_000;
const REJECTIONS: Rejection[] = [{ reason: 'bad address', count: 1, examples: ['x'] }];

interface LogRow {
  time: number;
  ok: number;
  rejections: string | null;
  error_message: string | null;
}

describe('collector scrape-log retention', () => {
  let db: SqliteDatabase;
  let store: SqliteRawStore;
  let simulator: Simulator;

  beforeEach(async () => {
    db = openDatabase(':memory:');
    store = new SqliteRawStore(db);
    simulator = await startSimulator({ port: 0, farmers: 5, seed: 3, clock: () => NOW });
    await logBoth(NOW - 400 * DAY);
    await logBoth(NOW - 10 * DAY);
  });
  afterEach(async () => {
    await simulator.close();
    await store.close();
  });

  /** A failed scrape and a stored scrape with rejections, a minute apart. */
  async function logBoth(time: number): Promise<void> {
    await store.recordFailure({ time, durationMs: 5, errorCode: 'timeout', errorMessage: 'no answer' });
    await store.appendScrape({ time: time + 60_000, durationMs: 5, source: 'collector', farmers: null, total: null, rejected: 1, duplicates: 0, rejections: REJECTIONS });
  }

  const oldRows = (before: number): LogRow[] =>
    db.prepare<[number], LogRow>('SELECT time, ok, rejections, error_message FROM scrapes WHERE time < ? ORDER BY time').all(before);

  it('after a scrape, drops failures and rejection notes older than a year by default and keeps recent ones', async () => {
    const collector = new Collector({ store, source: simulator.url, clock: () => NOW });
    expect((await collector.scrapeNow())?.ok).toBe(true);
    expect(oldRows(NOW)).toEqual([
      { time: NOW - 400 * DAY + 60_000, ok: 1, rejections: null, error_message: null },
      { time: NOW - 10 * DAY, ok: 0, rejections: null, error_message: 'no answer' },
      { time: NOW - 10 * DAY + 60_000, ok: 1, rejections: JSON.stringify(REJECTIONS), error_message: null },
    ]);
    expect((await store.counts()).scrapes).toBe(4);
  });

  it('applies a changed retention at the next scrape', async () => {
    const collector = new Collector({ store, source: simulator.url, clock: () => NOW, scrapeLogRetentionDays: 500 });
    await collector.scrapeNow();
    expect(oldRows(NOW)).toHaveLength(4);
    collector.configure({ scrapeLogRetentionDays: 5 });
    await collector.scrapeNow();
    expect(oldRows(NOW).map((row) => [row.ok, row.rejections])).toEqual([
      [1, null],
      [1, null],
    ]);
  });
});
