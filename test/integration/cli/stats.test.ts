import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_STORE_EXIT_CODE } from '../../../main/cli/existing-store.js';
import type { StorageStats } from '../../../main/store/sqlite/storage-stats.js';
import { databaseFile } from '../../../main/store/data-dir.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { cli } from '../../support/cli.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 1);

/** 36 hourly scrapes: 3 farmers in the first 24, 5 in the last 12, and one failed scrape (no snapshot). */
function fillStore(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(databaseFile(dataDir));
  const store = new SqliteRawStore(db);
  for (let hour = 0; hour < 36; hour++) {
    const farmers = Array.from({ length: hour < 24 ? 3 : 5 }, (_, i) => ({ address: farmerAddress(i), payout: farmerAddress(i), height: 1000 + hour }));
    store.appendScrapeSync(toNewScrape({ time: START + hour * HOUR, farmers, total: null }));
  }
  void store.recordFailure({ time: START + 36 * HOUR, durationMs: 1, errorCode: 'timeout', errorMessage: 'x' });
  db.close();
}

describe('driveshare-graph stats', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-stats-'));
    fillStore(join(dir, 'store'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints bytes per observation and the projection per day and per year at the last day\'s rate', async () => {
    const json = await cli('stats', '--data', join(dir, 'store'), '--json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.stdout) as StorageStats;
    expect(stats.snapshots).toBe(36);
    expect(stats.observations).toBe(24 * 3 + 12 * 5);
    expect(stats.snapshotsByCodec).toEqual({ 2: 36 });
    // The last day: scrapes after hour 11 (12 of 3 farmers, 12 of 5).
    expect(stats.observationsLastDay).toBe(12 * 3 + 12 * 5);
    expect(stats.fileBytesPerObservation).toBeCloseTo(stats.fileBytes / stats.observations, 9);
    expect(stats.projectedBytesPerYear).toBeCloseTo(stats.fileBytesPerObservation! * 96 * 365, 3);

    const text = await cli('stats', '--data', join(dir, 'store'));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('farmer observations: 132');
    expect(text.stdout).toMatch(/bytes per observation: \d+\.\d{3} B \(file\), \d+\.\d{3} B \(snapshots alone\)/);
    expect(text.stdout).toMatch(/at the last day's rate \(96 observations\): .* per day, .* per year/);
  });

  it('says a projection needs a day of history, and refuses a folder without a store', async () => {
    const short = join(dir, 'short');
    mkdirSync(short);
    const db = openDatabase(databaseFile(short));
    new SqliteRawStore(db).appendScrapeSync(toNewScrape({ time: START, farmers: [{ address: farmerAddress(1), payout: farmerAddress(1), height: 1 }], total: null }));
    db.close();
    const text = await cli('stats', '--data', short);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('not projected until a day of snapshots is stored');
    const none = await cli('stats', '--data', join(dir, 'nothing'));
    expect(none.code).toBe(NO_STORE_EXIT_CODE);
    expect(none.stderr).toContain('no store in');
  });
});
