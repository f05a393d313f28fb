import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { farmerView, refreshFarmerView, type FarmerView } from '../../../main/queries/farmer-view.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { runAggregation } from '../../support/run-aggregation.js';

/** More farmers than one slice of the refresh reads, so it takes several turns. */
const FARMERS = 5_000;
const start = Date.UTC(2026, 0, 10);
/** Heights change with `heightsOf` (default: every scrape); a scrape writes rows only for those who join, leave or change payout. */
const scrape = (minutes: number, count = FARMERS, heightsOf = minutes) =>
  toNewScrape({
    time: start + minutes * 60_000,
    farmers: Array.from({ length: count }, (_, index) => ({ address: farmerAddress(index), payout: farmerAddress(index), height: 10 + heightsOf + index })),
    total: { totalTB: 1, totalFarmers: count },
  });

const directories: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function connections(): { file: string; writer: SqliteDatabase; reader: SqliteDatabase; store: SqliteRawStore } {
  const directory = mkdtempSync(join(tmpdir(), 'farmer-view-refresh-'));
  directories.push(directory);
  const file = join(directory, 'driveshare.db');
  const writer = openDatabase(file);
  const reader = openDatabase(file, { readonly: true });
  open.push(reader, writer);
  return { file, writer, reader, store: new SqliteRawStore(writer) };
}

/** What a view says, for comparing a refreshed view with one read whole by a new connection. */
function contents(view: FarmerView): unknown {
  const { header, size, known, online, first, last, uptime, referenceTime } = view;
  return { header, size, known: [...known], online: [...online], first: [...first], last: [...last], uptime: [...uptime], referenceTime };
}

function readWhole(file: string): unknown {
  const fresh = openDatabase(file, { readonly: true });
  open.push(fresh);
  return contents(farmerView(fresh));
}

describe('refreshing the farmer view a slice per turn', () => {
  it('ends with the view farmerView reads whole, the first time and after each commit, and gives the event loop turns meanwhile', async () => {
    const { file, writer, reader, store } = connections();
    // Every row new (read afresh, a slice per turn), then every height changed and 700 left, then 300 more left:
    // heights are not rows, so only the leavers' rows are read and applied to the view's state.
    for (const [minutes, listed, heightsOf] of [[0, FARMERS, 0], [5, FARMERS - 700, 5], [10, FARMERS - 1_000, 5]] as const) {
      store.appendScrapeSync(scrape(minutes, listed, heightsOf));
      await runAggregation(writer, store);
      let turns = 0;
      const counting = setInterval(() => turns++, 0);
      // No budget: a turn after every read, as a busy machine gives.
      const refreshing = refreshFarmerView(reader, { turnBudgetMs: 0 });
      // Concurrent callers share the one read.
      expect(refreshFarmerView(reader)).toBe(refreshing);
      await refreshing;
      clearInterval(counting);
      if (minutes === 0) expect(turns).toBeGreaterThan(0);
      const refreshed = farmerView(reader);
      expect(contents(refreshed)).toEqual(readWhole(file));
      expect(refreshed.referenceTime).toBe(start + minutes * 60_000);
    }
  }, 60_000);

  it('reads the rows of one commit when a fold commits in the middle, and a later refresh ends current', async () => {
    const { file, writer, reader, store } = connections();
    store.appendScrapeSync(scrape(0));
    await runAggregation(writer, store);
    await refreshFarmerView(reader);
    store.appendScrapeSync(scrape(5));
    await runAggregation(writer, store);
    const refreshing = refreshFarmerView(reader, { turnBudgetMs: 0 });
    // Runs between the refresh's slices: a commit the rows read so far do not include.
    store.appendScrapeSync(scrape(10, FARMERS - 100));
    const commit = runAggregation(writer, store);
    await Promise.all([refreshing, commit]);
    await refreshFarmerView(reader);
    expect(farmerView(reader).referenceTime).toBe(start + 10 * 60_000);
    expect(contents(farmerView(reader))).toEqual(readWhole(file));
  }, 60_000);
});
