import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillInThread } from '../../main/simulator/backfill-thread.js';
import { backfillHistory, planBackfill } from '../../main/simulator/demo-backfill.js';
import { SimulatedNetwork } from '../../main/simulator/network-model.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { dumpRawStore } from '../support/raw-store-dump.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const folders: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A store file opened (created, migrated) as the engine opens it before the backfill starts. */
function storeFile(): { file: string; db: SqliteDatabase } {
  const folder = mkdtempSync(join(tmpdir(), 'dsg-backfill-thread-'));
  folders.push(folder);
  const file = join(folder, 'driveshare.db');
  const db = openDatabase(file);
  open.push(db);
  return { file, db };
}

describe('the demo backfill on its own thread', () => {
  it('stores what the backfill stores on the calling thread, reports its progress, and leaves that thread free meanwhile', async () => {
    const plan = planBackfill(NOW, null, 0.5);
    const reference = storeFile();
    await backfillHistory(new SqliteRawStore(reference.db), new SimulatedNetwork({ farmers: 500, seed: 'thread' }), plan);
    const threaded = storeFile();
    const progress: number[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const done = await backfillInThread({
      databaseFile: threaded.file,
      rawStoreUri: null,
      network: new SimulatedNetwork({ farmers: 500, seed: 'thread' }),
      plan,
      onProgress: (count, total) => {
        expect(total).toBe(plan.times.length);
        progress.push(count);
      },
    });
    clearInterval(ticker);
    expect(done).toBe(plan.times.length);
    expect(progress.at(-1)).toBe(plan.times.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // This thread only heard of the progress: its timers ran all along.
    expect(ticks).toBeGreaterThan(progress.length);
    expect(dumpRawStore(threaded.db)).toEqual(dumpRawStore(reference.db));
  }, 60_000);

  it('stops after a whole batch when its signal is aborted, and a resumed backfill completes it to the same store', async () => {
    const plan = planBackfill(NOW, null, 0.5);
    const reference = storeFile();
    await backfillHistory(new SqliteRawStore(reference.db), new SimulatedNetwork({ farmers: 300, seed: 'stop' }), plan);
    const threaded = storeFile();
    const stop = new AbortController();
    const network = new SimulatedNetwork({ farmers: 300, seed: 'stop' });
    const done = await backfillInThread({
      databaseFile: threaded.file,
      rawStoreUri: null,
      network,
      plan,
      turnBudgetMs: 5,
      signal: stop.signal,
      onProgress: (count) => {
        if (count >= plan.times.length / 4) stop.abort();
      },
    });
    expect(done).toBeLessThan(plan.times.length);
    expect(threaded.db.prepare('SELECT COUNT(*) FROM scrapes').pluck().get()).toBe(done);
    expect(threaded.db.prepare('SELECT COUNT(*) FROM snapshots').pluck().get()).toBe(done);
    const rest = { times: plan.times.slice(done) };
    expect(await backfillInThread({ databaseFile: threaded.file, rawStoreUri: null, network, plan: rest })).toBe(rest.times.length);
    expect(dumpRawStore(threaded.db)).toEqual(dumpRawStore(reference.db));
  }, 60_000);

  it('says why when it cannot store', async () => {
    const plan = planBackfill(NOW, null, 0.1);
    const missing = join(mkdtempSync(join(tmpdir(), 'dsg-backfill-thread-')), 'no-such-folder', 'driveshare.db');
    folders.push(join(missing, '..', '..'));
    await expect(backfillInThread({ databaseFile: missing, rawStoreUri: null, network: new SimulatedNetwork({ farmers: 10 }), plan })).rejects.toThrow(/no-such-folder/);
  }, 60_000);
});
