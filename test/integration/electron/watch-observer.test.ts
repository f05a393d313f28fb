import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../shared/address.js';
import type { ScrapeOutcome } from '../../../shared/model/status.js';
import { WatchObserver, containsSorted } from '../../../main/electron/engine-host/watch-observer.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

/** Which watched addresses a scrape listed, read back from a real SQLite raw store. */
const address = (seed: number) => encodeAddress(0x00, new Uint8Array(20).fill(seed));
const [A, B, C, D] = [address(1), address(2), address(3), address(4)];

let directory: string;
let db: SqliteDatabase;
let store: SqliteRawStore;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'driveshare-watch-'));
  db = openDatabase(join(directory, 'driveshare.db'));
  store = new SqliteRawStore(db);
});
afterEach(() => {
  db.close();
  rmSync(directory, { recursive: true, force: true });
});

function outcome(time: number, ok = true): ScrapeOutcome {
  return { time, ok, durationMs: 10, farmers: 0, rejected: 0, duplicates: 0, unusual: 0, errorCode: ok ? null : 'timeout', errorMessage: ok ? null : 'timed out after 10 s' };
}

async function scrape(time: number, listed: string[]): Promise<void> {
  await store.appendScrape({
    time,
    durationMs: 10,
    source: 'collector',
    farmers: listed.map((btc) => ({ btc_addr: btc, payout_addr: btc, last_seen: 0, height: 10 })),
    total: null,
    rejected: 0,
    duplicates: 0,
    rejections: [],
  });
}

describe('watched addresses in a scrape', () => {
  it('lists exactly the watched addresses the scrape at that time contained', async () => {
    await scrape(1_000, [A, B, C]);
    await scrape(2_000, [B, D]);
    const observer = new WatchObserver(store, db);
    expect(await observer.observe(outcome(1_000), [A, D])).toEqual({ ok: true, time: 1_000, listed: [A] });
    expect(await observer.observe(outcome(2_000), [A, B, D])).toEqual({ ok: true, time: 2_000, listed: [B, D] });
  });

  it('lists nothing for an address the store has never seen', async () => {
    await scrape(1_000, [A]);
    expect(await new WatchObserver(store, db).observe(outcome(1_000), [address(9)])).toEqual({ ok: true, time: 1_000, listed: [] });
  });

  it('passes a failed scrape on with its reason', async () => {
    expect(await new WatchObserver(store, db).observe(outcome(3_000, false), [A])).toEqual({ ok: false, time: 3_000, errorMessage: 'timed out after 10 s' });
  });

  it('finds members of a sorted id column by binary search', () => {
    const ids = Int32Array.from([2, 5, 9, 14, 30]);
    expect([1, 2, 5, 10, 14, 30, 31].map((id) => containsSorted(ids, id))).toEqual([false, true, true, false, true, true, false]);
    expect(containsSorted(new Int32Array(0), 1)).toBe(false);
  });
});
