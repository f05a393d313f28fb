import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../main/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../../main/store/sqlite/migrations/index.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import type { NodeEvent } from '../../../shared/model/node-events.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { dumpEvents } from '../../support/event-fixtures.js';
import { runAggregation } from '../../support/run-aggregation.js';

const A = farmerAddress(1);
const B = farmerAddress(2);
const START = Date.UTC(2026, 0, 1);
const STEP = 300_000;

describe('upgrading a store with history to node events', () => {
  it('derives the scrape log it finds silently; history not folded yet is new, and what follows is announced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'events-upgrade-'));
    try {
      const file = join(dir, 'driveshare.db');
      // A store of the version before events, whose job had not folded the last scrapes yet: A goes offline, then the collector fails 3 times.
      const old = new Database(file);
      applyMigrations(old, MIGRATIONS.slice(0, 6));
      old.close();
      let db = openDatabaseAt(file, 6);
      const store = new SqliteRawStore(db);
      const scrape = (index: number, withA: boolean): void => {
        const farmers = [{ address: B, payout: B, height: 1 }, ...(withA ? [{ address: A, payout: A, height: 1 }] : [])];
        store.appendScrapeSync(toNewScrape({ time: START + index * STEP, farmers, total: null }));
      };
      scrape(0, true);
      scrape(1, false);
      scrape(2, false);
      for (let index = 3; index < 6; index++) await store.recordFailure({ time: START + index * STEP, durationMs: 1, errorCode: 'timeout', errorMessage: 'timed out' });
      db.close();

      db = openDatabase(file);
      const upgraded = new SqliteRawStore(db);
      const announced: NodeEvent[] = [];
      const job = new AggregationJob(db, upgraded, (_db, events) => announced.push(...events));
      await job.configureEvents({ watched: [A], rules: DEFAULT_SETTINGS.eventRules });
      await job.run();
      expect(dumpEvents(db).map((event) => event.kind).sort()).toEqual(['collector-failing', 'offline']);
      // The failures were logged before events existed: not announced. The scrapes were never folded: their event is new.
      expect(announced.map((event) => event.kind)).toEqual(['offline']);

      // What happens now is announced: A back, the collector recovered.
      const farmers = [{ address: A, payout: A, height: 1 }];
      upgraded.appendScrapeSync(toNewScrape({ time: START + 6 * STEP, farmers, total: null }));
      await job.run();
      expect(announced.map((event) => event.kind).sort()).toEqual(['collector-recovered', 'offline', 'online']);
      await runAggregation(db, upgraded, { rebuild: true });
      expect(dumpEvents(db)).toHaveLength(4);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Opens a store file without migrating it past `version` (the app of that version). */
function openDatabaseAt(file: string, version: number): ReturnType<typeof openDatabase> {
  const db = new Database(file);
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  return db as ReturnType<typeof openDatabase>;
}
