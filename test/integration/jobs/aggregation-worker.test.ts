import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/model/events.js';
import { EngineEventHub } from '../../../main/engine/engine-events.js';
import { AggregationWorker } from '../../../main/jobs/aggregation-worker.js';
import type { CommittedRows } from '../../../main/jobs/committed-rows.js';
import { STORED_ROW_VALUES } from '../../../main/jobs/farmer-state.js';
import { startEngineJobs } from '../../../main/jobs/engine-jobs.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { aggregationStatus } from '../../../main/queries/index.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';

const START = Date.UTC(2026, 0, 1);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeIn(dir: string): { db: SqliteDatabase; store: SqliteRawStore; file: string } {
  const file = join(dir, 'driveshare.db');
  const db = openDatabase(file);
  cleanups.push(() => {
    db.close();
  });
  return { db, store: new SqliteRawStore(db), file };
}

function append(store: SqliteRawStore, from: number, count: number): number {
  const farmers = Array.from({ length: 20 }, (_, index) => ({ address: farmerAddress(index), payout: farmerAddress(index), height: index * 10 }));
  let time = from;
  for (let i = 0; i < count; i++) {
    time = from + i * 300_000;
    store.appendScrapeSync(toNewScrape({ time, farmers, total: { totalTB: 1, totalFarmers: farmers.length } }));
  }
  return time;
}

function nextAggregated(hub: EngineEventHub, through: number): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = hub.subscribe((event: EngineEvent) => {
      if (event.type === 'aggregated' && event.foldedThrough >= through) {
        unsubscribe();
        resolve();
      }
    });
  });
}

describe('aggregation worker thread', () => {
  it('folds on every history change, announces `aggregated`, and reports its status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregation-worker-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { db, store, file } = storeIn(dir);
    const hub = new EngineEventHub();
    let last = append(store, START, 30);
    const caughtUp = nextAggregated(hub, last);
    const jobs = startEngineJobs({ databaseFile: file, notifier: hub, logger: silentLogger() });
    cleanups.push(() => jobs.stop());
    const commits: CommittedRows[] = [];
    jobs.worker.on('committed', (commit) => commits.push(commit));
    await caughtUp;
    expect(aggregationStatus(db).foldedThrough).toBe(last);
    // Each commit's rows arrive before its `aggregated`: the first writes a row for each of the 20 farmers.
    expect(commits[0]).toMatchObject({ reset: false });
    expect(commits[0]!.rows.length).toBe(20 * STORED_ROW_VALUES);
    expect(commits.at(-1)!.header).toBe(db.prepare<[], string>('SELECT header FROM agg_state').pluck().get());

    last = append(store, last + 300_000, 5);
    const followed = nextAggregated(hub, last);
    hub.historyChanged();
    await followed;
    expect(aggregationStatus(db)).toMatchObject({ foldedThrough: last, records: 35, snapshots: 35 });
    expect(jobs.status()).toMatchObject({ state: 'idle', foldedThrough: last, lastError: null });
  });

  it('restarts a worker that died and resumes from the committed marker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregation-worker-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { db, store, file } = storeIn(dir);
    const host = new AggregationWorker({ databaseFile: file, restartDelayMs: 20 });
    cleanups.push(() => host.stop());
    const aggregatedThrough = (through: number): Promise<void> =>
      new Promise((resolve) => {
        const listener = (result: { foldedThrough: number | null }): void => {
          if ((result.foldedThrough ?? 0) < through) return;
          host.off('aggregated', listener);
          resolve();
        };
        host.on('aggregated', listener);
      });
    let last = append(store, START, 10);
    let done = aggregatedThrough(last);
    host.start();
    await done;

    // Kill the thread the way a crash would; the history stored meanwhile is folded by its replacement.
    await (host as unknown as { worker: Worker }).worker.terminate();
    last = append(store, last + 300_000, 10);
    done = aggregatedThrough(last);
    await done;
    expect(aggregationStatus(db)).toMatchObject({ foldedThrough: last, records: 20 });
  });
});
