import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { dumpEventNodes, dumpEvents } from '../../support/event-fixtures.js';
import { ignoreNewEvents } from '../../support/run-aggregation.js';
import { runFoldChild } from '../../support/fold-child.js';

const CHILD = join(import.meta.dirname, '../../support/events-child.ts');
const KILLS = 10;
const SCRAPES = 400;
const WATCHED = Array.from({ length: 40 }, (_, index) => farmerAddress(index * 7));

/**
 * A store watching 40 of 300 farmers, then 400 scrapes over 1.4 days in which farmers come and
 * go, heights grow and shrink, payouts move and every 37th scrape fails (three in a row twice).
 */
async function writeHistory(file: string): Promise<void> {
  const db = openDatabase(file);
  const store = new SqliteRawStore(db);
  db.exec('CREATE TABLE test_announced (id TEXT NOT NULL)');
  await new AggregationJob(db, store, ignoreNewEvents).configureEvents({ watched: WATCHED, rules: { ...DEFAULT_SETTINGS.eventRules, heightGrowth: 50 } });
  const addresses = Array.from({ length: 300 }, (_, index) => farmerAddress(index));
  const start = Date.UTC(2026, 0, 1, 6);
  for (let scrape = 0; scrape < SCRAPES; scrape++) {
    const time = start + scrape * 300_000;
    if (scrape % 37 === 0 || (scrape >= 200 && scrape < 203) || (scrape >= 300 && scrape < 304)) {
      await store.recordFailure({ time, durationMs: 1, errorCode: 'timeout', errorMessage: 'timed out' });
      continue;
    }
    const farmers = addresses
      .map((address, index) => ({ address, payout: scrape > 250 && index % 5 === 0 ? addresses[index + 1]! : address, height: 1000 + index * 10 + Math.floor(scrape / 25) * (index % 3 === 0 ? -7 : 20) }))
      .filter((_, index) => (index * 7 + scrape * 3) % 11 !== 0 && (index + Math.floor(scrape / 20)) % 13 !== 0);
    store.appendScrapeSync(toNewScrape({ time, farmers, total: { totalTB: farmers.length / 10, totalFarmers: farmers.length } }));
  }
  db.close();
}

function announcedCounts(db: SqliteDatabase): Array<{ id: string; times: number }> {
  return db.prepare<[], { id: string; times: number }>('SELECT id, COUNT(*) AS times FROM test_announced GROUP BY id ORDER BY id').all();
}

function snapshot(file: string): { events: unknown[]; nodes: unknown[]; announced: Array<{ id: string; times: number }>; records: number } {
  const db = openDatabase(file);
  const header = db.prepare<[], { header: string }>('SELECT header FROM agg_state').get();
  const result = {
    events: dumpEvents(db),
    nodes: dumpEventNodes(db),
    announced: announcedCounts(db),
    records: header === undefined ? 0 : (JSON.parse(header.header) as { records: number }).records,
  };
  db.close();
  return result;
}

describe('node events are crash-safe', () => {
  it(`killed with SIGKILL ${KILLS} times mid-fold, the events and their announcements are those of an uninterrupted run: none lost, none twice`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'events-crash-'));
    try {
      const crashed = join(dir, 'crashed.db');
      const reference = join(dir, 'reference.db');
      await writeHistory(crashed);
      copyFileSync(crashed, reference);
      const uninterrupted = await runFoldChild(CHILD, reference, null);
      expect(uninterrupted.finished).toBe(true);
      const expected = snapshot(reference);
      // The history must raise every kind of node and collector event, or the comparison proves little.
      const kinds = new Set(expected.events.map((event) => (event as { kind: string }).kind));
      expect([...kinds].sort()).toEqual(
        ['collector-failing', 'collector-recovered', 'height-dropped', 'height-grew', 'offline', 'online', 'payout-changed', 'uptime-low'].sort(),
      );
      expect(expected.announced.length).toBe(expected.events.length);
      expect(expected.announced.every((entry) => entry.times === 1)).toBe(true);

      let killedMidRun = 0;
      const delays: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        const delay = Math.floor((Math.random() * uninterrupted.foldMs) / KILLS);
        delays.push(delay);
        await runFoldChild(CHILD, crashed, delay);
        const { records } = snapshot(crashed);
        if (records > 0 && records < SCRAPES) killedMidRun += 1;
      }
      expect((await runFoldChild(CHILD, crashed, null)).finished).toBe(true);
      expect(snapshot(crashed), `kill delays ${delays.join(', ')} ms`).toEqual(expected);
      expect(killedMidRun).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
