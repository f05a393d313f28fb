import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillHistory, planBackfill } from '../../main/simulator/demo-backfill.js';
import { SimulatedNetwork } from '../../main/simulator/network-model.js';
import type { AppendResult, NewScrape } from '../../main/store/raw-store.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { canMountTmpfs } from '../support/tmpfs.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store whose disk is full for the appends (batches of scrapes) numbered in `fullAt` (1-based), as SQLite says it. */
class FillingStore extends SqliteRawStore {
  private appends = 0;
  constructor(
    db: SqliteDatabase,
    private readonly fullAt: ReadonlySet<number>,
  ) {
    super(db);
  }

  override async appendScrapes(scrapes: readonly NewScrape[]): Promise<AppendResult[]> {
    this.appends++;
    if (this.fullAt.has(this.appends)) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    return super.appendScrapes(scrapes);
  }
}

describe('disk full during the demo backfill', () => {
  it('pauses with a visible reason, retries the same scrape and ends with every scrape stored once', async () => {
    const db = openDatabase(':memory:');
    const store = new FillingStore(db, new Set([3, 4, 10]));
    const plan = planBackfill(NOW, null, 0.1);
    const pauses: Array<{ reason: string; retryInMs: number }> = [];
    const done = await backfillHistory(store, new SimulatedNetwork({ farmers: 20 }), plan, undefined, undefined, {
      onDiskFull: (reason, retryInMs) => pauses.push({ reason, retryInMs }),
      diskFullFirstWaitMs: 10,
      // A scrape per batch, so the full appends fall between stored ones.
      turnBudgetMs: 0.001,
    });
    expect(done).toBe(plan.times.length);
    expect(pauses.map((pause) => pause.reason)).toEqual(['database or disk is full', 'database or disk is full', 'database or disk is full']);
    // The wait doubles while the disk stays full, and starts again after a success.
    expect(pauses.map((pause) => pause.retryInMs)).toEqual([10, 20, 10]);
    const times = db.prepare('SELECT time FROM scrapes ORDER BY time').pluck().all();
    expect(times).toEqual(plan.times);
    db.close();
  });

  it('stops during a pause when asked to, without storing the scrape it waited for', async () => {
    const db = openDatabase(':memory:');
    const store = new FillingStore(db, new Set([2, 3, 4, 5, 6, 7, 8]));
    let stop = false;
    let storedBeforeFull = -1;
    const began = Date.now();
    const done = await backfillHistory(store, new SimulatedNetwork({ farmers: 20 }), planBackfill(NOW, null, 0.1), (count) => (storedBeforeFull = count), () => stop, {
      onDiskFull: () => {
        stop = true;
      },
      diskFullFirstWaitMs: 60_000,
      turnBudgetMs: 0.001,
    });
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(storedBeforeFull).toBeGreaterThan(0);
    expect(done).toBe(storedBeforeFull);
    expect(db.prepare('SELECT COUNT(*) FROM scrapes').pluck().get()).toBe(done);
    db.close();
  });
});

const mountable = canMountTmpfs();
if (!mountable) console.warn('skipping the tmpfs disk-full backfill test: this machine cannot mount a tmpfs');

describe.runIf(mountable)('disk full on a real (tmpfs) disk during the demo backfill', () => {
  it('pauses, and continues once space is freed, keeping what was stored before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-full-'));
    dirs.push(dir);
    const data = join(dir, 'data');
    mkdirSync(data);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', data]);
    try {
      const db = openDatabase(join(data, 'driveshare.db'));
      const store = new SqliteRawStore(db);
      const plan = planBackfill(NOW, null, 2);
      let storedAtPause = -1;
      const done = await backfillHistory(store, new SimulatedNetwork({ farmers: 300 }), plan, undefined, undefined, {
        diskFullFirstWaitMs: 10,
        onDiskFull: (reason) => {
          expect(reason).toMatch(/full/);
          if (storedAtPause >= 0) return;
          storedAtPause = Number(db.prepare('SELECT COUNT(*) FROM scrapes').pluck().get());
          // Space is freed while the backfill waits.
          execFileSync('mount', ['-o', 'remount,size=64m', data]);
        },
      });
      expect(storedAtPause).toBeGreaterThan(0);
      expect(done).toBe(plan.times.length);
      expect(db.prepare('SELECT time FROM scrapes ORDER BY time').pluck().all()).toEqual(plan.times);
      db.close();
    } finally {
      execFileSync('umount', ['-l', data]);
    }
  }, 60_000);
});
