import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedRows } from '../../../main/jobs/committed-rows.js';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { farmerView, offerCommittedRows, refreshFarmerView, type FarmerView } from '../../../main/queries/farmer-view.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { ignoreNewEvents } from '../../support/run-aggregation.js';

const FARMERS = 3_000;
const start = Date.UTC(2026, 0, 10);
/** `listed` farmers from the first; those below `payoutBelow` pay out to another address (a row change). */
const scrape = (minutes: number, listed: number, payoutBelow = 0) =>
  toNewScrape({
    time: start + minutes * 60_000,
    farmers: Array.from({ length: listed }, (_, index) => ({
      address: farmerAddress(index),
      payout: index < payoutBelow ? farmerAddress(FARMERS + index) : farmerAddress(index),
      height: 10 + minutes + index,
    })),
    total: { totalTB: 1, totalFarmers: listed },
  });

const directories: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A job on the writer that hands each commit's rows to `commits`, and a reader as the API's connection. */
function setUp(): { file: string; writer: SqliteDatabase; reader: SqliteDatabase; store: SqliteRawStore; job: AggregationJob; commits: CommittedRows[] } {
  const directory = mkdtempSync(join(tmpdir(), 'farmer-view-committed-'));
  directories.push(directory);
  const file = join(directory, 'driveshare.db');
  const writer = openDatabase(file);
  const reader = openDatabase(file, { readonly: true });
  open.push(reader, writer);
  const commits: CommittedRows[] = [];
  const store = new SqliteRawStore(writer);
  return { file, writer, reader, store, job: new AggregationJob(writer, store, ignoreNewEvents, (commit) => commits.push(commit)), commits };
}

function contents(view: FarmerView): unknown {
  const { header, size, known, online, first, last, uptime, referenceTime } = view;
  return { header, size, known: [...known], online: [...online], first: [...first], last: [...last], uptime: [...uptime], referenceTime, heights: [...view.state.height.subarray(0, size)], payouts: [...view.state.payout.subarray(0, size)] };
}

function readWhole(file: string): unknown {
  const fresh = openDatabase(file, { readonly: true });
  open.push(fresh);
  return contents(farmerView(fresh));
}

describe('the farmer view taken from what a commit wrote', () => {
  it('equals the view read from the store after each commit, and reads no farmer row to get there', async () => {
    const { file, writer, reader, store, job, commits } = setUp();
    // The view of the empty store; then every farmer joins, every height changes and 400 leave,
    // then 300 change payout and 200 come back: each commit writes rows.
    farmerView(reader);
    for (const [minutes, listed, payoutBelow] of [[0, FARMERS, 0], [5, FARMERS - 400, 0], [10, FARMERS - 200, 300]] as const) {
      store.appendScrapeSync(scrape(minutes, listed, payoutBelow));
      await job.run();
      const commit = commits.at(-1)!;
      expect(commit.rows.length).toBeGreaterThan(0);
      const expected = readWhole(file);
      // Rows the view would read back are gone: only the offered rows can make it current.
      writer.exec('UPDATE agg_farmers SET uptime_ms = 0, height = 0');
      offerCommittedRows(reader, commit);
      expect(contents(farmerView(reader))).toEqual(expected);
      await refreshFarmerView(reader);
      expect(contents(farmerView(reader))).toEqual(expected);
      // The next commit writes its rows again: put the true ones back.
      await job.run({ rebuild: true });
      await refreshFarmerView(reader);
      commits.length = 0;
    }
  }, 60_000);

  it('leaves the view to be read from the store for a commit that does not follow it, and says which commit is a rebuild', async () => {
    const { file, reader, store, job, commits } = setUp();
    store.appendScrapeSync(scrape(0, FARMERS));
    await job.run();
    await refreshFarmerView(reader);
    store.appendScrapeSync(scrape(5, FARMERS, 300));
    await job.run();
    store.appendScrapeSync(scrape(10, FARMERS - 500, 300));
    await job.run();
    // The view is that of the first commit: the third commit's rows (500 leavers) lack the second's 300 new payouts.
    offerCommittedRows(reader, commits.at(-1)!);
    expect(contents(farmerView(reader))).toEqual(readWhole(file));
    await job.run({ rebuild: true });
    expect(commits.at(-1)).toMatchObject({ reset: true, previousHeader: commits.at(-2)!.header });
    expect(commits.at(-2)).toMatchObject({ reset: false, previousHeader: commits.at(-3)!.header });
  }, 60_000);
});
