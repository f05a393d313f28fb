import fc from 'fast-check';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewScrape } from '../../../main/store/raw-store.js';
import { applyMigrations } from '../../../main/store/sqlite/migrate.js';
import { MIGRATIONS } from '../../../main/store/sqlite/migrations/index.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { readRowCounts } from '../../../main/store/sqlite/row-counts.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress } from '../../support/import-fixtures.js';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsg-row-counts-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function counted(db: SqliteDatabase): { scrapes: number; snapshots: number; addresses: number; remoteFailures: number } {
  return db
    .prepare<[], { scrapes: number; snapshots: number; addresses: number; remoteFailures: number }>(
      `SELECT (SELECT COUNT(*) FROM scrapes) AS scrapes, (SELECT COUNT(*) FROM snapshots) AS snapshots,
              (SELECT COUNT(*) FROM addresses) AS addresses, (SELECT COUNT(*) FROM remote_scrape_log WHERE ok = 0) AS remoteFailures`,
    )
    .get()!;
}

function scrape(time: number, farmers: number[], sourceKey?: string): NewScrape {
  return {
    time,
    durationMs: 5,
    source: sourceKey === undefined ? 'collector' : 'import',
    ...(sourceKey === undefined ? {} : { sourceKey }),
    farmers: farmers.length === 0 ? null : farmers.map((farmer) => ({ btc_addr: farmerAddress(farmer), payout_addr: farmerAddress(farmer + 1000), height: farmer, last_seen: 1 })),
    total: { id: 1, totalTB: 1, totalFarmers: farmers.length },
    rejected: 0,
    duplicates: 0,
    rejections: [],
  };
}

type Step =
  | { kind: 'scrape'; farmers: number[]; key: number | null }
  | { kind: 'failure' }
  | { kind: 'remote-failure' }
  | { kind: 'prune'; minutes: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('scrape' as const), farmers: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }), key: fc.option(fc.integer({ min: 1, max: 5 })) }),
  fc.record({ kind: fc.constant('failure' as const) }),
  fc.record({ kind: fc.constant('remote-failure' as const) }),
  fc.record({ kind: fc.constant('prune' as const), minutes: fc.integer({ min: 0, max: 40 }) }),
);

describe('row counts kept by the schema', () => {
  it('equal the tables’ COUNT(*) after any mix of scrapes, re-imports, failures and pruning', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const db = openDatabase(':memory:');
        const store = new SqliteRawStore(db);
        let minute = 0;
        for (const next of steps) {
          minute++;
          if (next.kind === 'scrape') await store.appendScrape(scrape(T0 + minute * MINUTE, next.farmers, next.key === null ? undefined : `farmers:${next.key}`));
          else if (next.kind === 'failure') await store.recordFailure({ time: T0 + minute * MINUTE, durationMs: 1, errorCode: 'timeout', errorMessage: 'late' });
          else if (next.kind === 'remote-failure') db.prepare('INSERT INTO remote_scrape_log (time, ok, duration_ms) VALUES (?, 0, 1)').run(T0 + minute * MINUTE);
          else await store.pruneSnapshotsBefore(T0 + next.minutes * MINUTE);
        }
        expect(readRowCounts(db)).toEqual(counted(db));
        const { sizeBytes, ...counts } = await store.counts();
        expect(sizeBytes).toBeGreaterThan(0);
        expect(counts).toEqual({ scrapes: counted(db).scrapes, snapshots: counted(db).snapshots, addresses: counted(db).addresses });
        db.close();
      }),
      { numRuns: 60 },
    );
  });

  it('start from the rows a store already holds when it is upgraded', async () => {
    const file = join(dir, 'driveshare.db');
    const older = new Database(file);
    applyMigrations(older, MIGRATIONS.slice(0, 5));
    older.close();
    const before = openDatabaseAtVersion5(file);
    await before.store.appendScrape(scrape(T0, [1, 2, 3]));
    await before.store.recordFailure({ time: T0 + MINUTE, durationMs: 1, errorCode: 'timeout', errorMessage: 'late' });
    before.db.close();

    const upgraded = openDatabase(file);
    expect(readRowCounts(upgraded)).toEqual({ scrapes: 2, snapshots: 1, addresses: 6, remoteFailures: 0 });
    expect(readRowCounts(upgraded)).toEqual(counted(upgraded));
    upgraded.close();
  });

  it('are read without touching the history tables', () => {
    const db = openDatabase(':memory:');
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT name, count FROM row_counts').all() as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).not.toMatch(/scrapes|snapshots|addresses|remote_scrape_log/);
    db.close();
  });
});

/** A store at schema version 5, written through the raw store as the app of that version did. */
function openDatabaseAtVersion5(file: string): { db: SqliteDatabase; store: SqliteRawStore } {
  const db = new Database(file) as SqliteDatabase;
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return { db, store: new SqliteRawStore(db) };
}
