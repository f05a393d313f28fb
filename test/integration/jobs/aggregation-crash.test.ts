import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAggregation } from '../../support/run-aggregation.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { dumpAggregates, dumpFoldState, farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { runFoldChild } from '../../support/fold-child.js';

const CHILD = join(import.meta.dirname, '../../support/aggregation-child.ts');
const KILLS = 12;

/** 400 scrapes of up to 300 farmers over 1.4 days: farmers come and go, heights change, midnight passes. */
function writeHistory(file: string): void {
  const db = openDatabase(file);
  const store = new SqliteRawStore(db);
  const addresses = Array.from({ length: 300 }, (_, index) => farmerAddress(index));
  const start = Date.UTC(2026, 0, 1, 6);
  for (let scrape = 0; scrape < 400; scrape++) {
    const farmers = addresses
      .map((address, index) => ({ address, payout: address, height: (index * 37 + scrape) % 5000 }))
      .filter((_, index) => (index * 7 + scrape * 3) % 11 !== 0 && (index + scrape) % 97 !== 0);
    store.appendScrapeSync(toNewScrape({ time: start + scrape * 300_000, farmers, total: { totalTB: farmers.length / 10, totalFarmers: farmers.length } }));
  }
  db.close();
}

async function snapshot(db: SqliteDatabase): Promise<unknown> {
  return { tables: dumpAggregates(db), state: await dumpFoldState(db) };
}

describe('aggregation is crash-safe and idempotent', () => {
  it(`killed with SIGKILL ${KILLS} times at random points and restarted, it ends with the tables of an uninterrupted run`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregation-crash-'));
    try {
      const crashed = join(dir, 'crashed.db');
      const reference = join(dir, 'reference.db');
      writeHistory(crashed);
      copyFileSync(crashed, reference);

      const referenceDb = openDatabase(reference);
      await runAggregation(referenceDb, new SqliteRawStore(referenceDb));
      const expected = await snapshot(referenceDb);
      referenceDb.close();

      // Each killed run keeps what it committed, so the dozen kill delays together must stay within
      // the time an uninterrupted child takes here (measured on a copy): then they land mid-run
      // however fast the job or busy the machine is.
      const timing = join(dir, 'timing.db');
      copyFileSync(crashed, timing);
      const uninterrupted = await runFoldChild(CHILD, timing, null);
      expect(uninterrupted.finished).toBe(true);
      const delays: number[] = [];
      let finishedEarly = 0;
      let killedMidRun = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        const delay = Math.floor((Math.random() * uninterrupted.foldMs) / KILLS);
        delays.push(delay);
        if ((await runFoldChild(CHILD, crashed, delay)).finished) finishedEarly += 1;
        const db = openDatabase(crashed);
        const header = db.prepare<[], { header: string }>('SELECT header FROM agg_state').get();
        db.close();
        const records = header === undefined ? 0 : (JSON.parse(header.header) as { records: number }).records;
        if (records > 0 && records < 400) killedMidRun += 1;
      }
      expect((await runFoldChild(CHILD, crashed, null)).finished).toBe(true);

      const crashedDb = openDatabase(crashed);
      const progress = crashedDb.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM agg_series').get()!.n;
      expect(await snapshot(crashedDb), `kill delays ${delays.join(', ')} ms`).toEqual(expected);
      // Re-running the job changes nothing.
      await runAggregation(crashedDb, new SqliteRawStore(crashedDb));
      expect(await snapshot(crashedDb)).toEqual(expected);
      crashedDb.close();
      expect(progress).toBe(400);
      // Kills must land mid-run (after some commits, before the end), or the test proves little.
      expect(finishedEarly).toBeLessThan(KILLS / 2);
      expect(killedMidRun).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Fourteen child processes, each starting tsx: seconds on a quiet machine, more on a busy one.
  }, 120_000);
});
