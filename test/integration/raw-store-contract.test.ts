import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewScrape, RawCursor, RawScrape } from '../../main/store/raw-store.js';
import { MongoRawStore } from '../../main/store/mongodb/mongo-raw-store.js';
import type { OpenedRawStore } from '../../main/store/mongodb/open-raw-store.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress } from '../support/import-fixtures.js';
import { describeWithMongo, mongoGate } from '../support/mongodb-gate.js';
import { PayloadValidator } from '../../main/collector/validate-payload.js';

/**
 * One behaviour for every raw store: what the jobs, the collector and the imports rely on. The
 * SQLite half always runs; the MongoDB half runs against the server in MONGODB_URL, each test in
 * a fresh database that is dropped afterwards.
 */

const mongo = await mongoGate();

interface Opened {
  store: OpenedRawStore;
  db: SqliteDatabase;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const MINUTE = 60_000;

interface Farmer {
  farmer: number;
  height: number;
  payout?: number;
}

function scrape(time: number, parts: { farmers?: Farmer[]; total?: [number, number]; sourceKey?: string }): NewScrape {
  return {
    time,
    durationMs: 12,
    source: parts.sourceKey === undefined ? 'collector' : 'import',
    ...(parts.sourceKey === undefined ? {} : { sourceKey: parts.sourceKey }),
    farmers:
      parts.farmers?.map(({ farmer, height, payout }) => ({
        btc_addr: farmerAddress(farmer),
        payout_addr: farmerAddress(payout ?? farmer),
        last_seen: farmer % 7,
        height,
      })) ?? null,
    total: parts.total === undefined ? null : { id: Math.floor(time / 1_800_000), totalTB: parts.total[0], totalFarmers: parts.total[1] },
    rejected: 0,
    duplicates: 0,
    rejections: [],
  };
}

/** A record as addresses and values, independent of the store's ids and keys. */
function readable(store: OpenedRawStore, record: RawScrape): unknown {
  const snapshot = record.snapshot;
  return {
    time: record.time,
    total: record.total,
    farmers:
      snapshot === null
        ? null
        : Array.from(snapshot.ids, (id, i) => ({
            address: store.addresses.addressOf(id),
            payout: store.addresses.addressOf(snapshot.payouts[i]!),
            height: snapshot.heights[i],
            lastSeen: snapshot.lastSeen[i],
          })).sort((a, b) => a.address!.localeCompare(b.address!)),
  };
}

async function readAll(store: OpenedRawStore, pageSize = 1_000): Promise<RawScrape[]> {
  const all: RawScrape[] = [];
  let cursor: RawCursor | null = null;
  for (;;) {
    const page: RawScrape[] = await store.readAfter(cursor, pageSize);
    if (page.length === 0) return all;
    all.push(...page);
    cursor = page[page.length - 1]!.cursor;
  }
}

function rawStoreContract(open: () => Promise<Opened>): void {
  let opened: Opened;
  let store: OpenedRawStore;

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  it('reads records back oldest first whatever the order they were appended in', async () => {
    await store.appendScrape(scrape(T0 + 2 * MINUTE, { farmers: [{ farmer: 2, height: 20 }], total: [2, 1] }));
    await store.appendScrape(scrape(T0, { farmers: [{ farmer: 1, height: 10, payout: 3 }, { farmer: 0, height: 5 }], total: [1.5, 2] }));
    await store.appendScrape(scrape(T0 + MINUTE, { farmers: [], total: [0, 0] }));
    const records = await store.readAfter(null, 10);
    expect(records.map((record) => readable(store, record))).toEqual([
      {
        time: T0,
        total: { id: Math.floor(T0 / 1_800_000), totalTB: 1.5, totalFarmers: 2 },
        farmers: [
          { address: farmerAddress(0), payout: farmerAddress(0), height: 5, lastSeen: 0 },
          { address: farmerAddress(1), payout: farmerAddress(3), height: 10, lastSeen: 1 },
        ].sort((a, b) => a.address.localeCompare(b.address)),
      },
      { time: T0 + MINUTE, total: { id: Math.floor((T0 + MINUTE) / 1_800_000), totalTB: 0, totalFarmers: 0 }, farmers: [] },
      {
        time: T0 + 2 * MINUTE,
        total: { id: Math.floor((T0 + 2 * MINUTE) / 1_800_000), totalTB: 2, totalFarmers: 1 },
        farmers: [{ address: farmerAddress(2), payout: farmerAddress(2), height: 20, lastSeen: 2 }],
      },
    ]);
    const snapshot = records[0]!.snapshot!;
    expect(Array.from(snapshot.ids)).toEqual([...snapshot.ids].sort((a, b) => a - b));
  });

  it('keeps totals-only and snapshot-only records as such', async () => {
    await store.appendScrape(scrape(T0, { total: [10, 3] }));
    await store.appendScrape(scrape(T0 + MINUTE, { farmers: [{ farmer: 1, height: 1 }] }));
    const [totalsOnly, snapshotOnly] = await store.readAfter(null, 10);
    expect(totalsOnly!.snapshot).toBeNull();
    expect(totalsOnly!.total).toEqual({ id: Math.floor(T0 / 1_800_000), totalTB: 10, totalFarmers: 3 });
    expect(snapshotOnly!.total).toBeNull();
    expect(snapshotOnly!.snapshot!.ids).toHaveLength(1);
  });

  it('pages with the cursor through every record exactly once, including records of the same millisecond', async () => {
    const appended: NewScrape[] = [];
    for (let i = 0; i < 23; i++) {
      const time = T0 + Math.floor(i / 3) * MINUTE; // three records share each time
      const parts = i % 4 === 0 ? { total: [i, i] as [number, number] } : { farmers: [{ farmer: i, height: i }], total: [i, 1] as [number, number] };
      appended.push(scrape(time, parts));
    }
    for (const record of appended) await store.appendScrape(record);
    const whole = await store.readAfter(null, 100);
    expect(whole).toHaveLength(23);
    for (const pageSize of [1, 2, 5, 7]) {
      const paged = await readAll(store, pageSize);
      expect(paged.map((record) => record.cursor)).toEqual(whole.map((record) => record.cursor));
    }
    const cursors = whole.map((record) => record.cursor);
    expect(new Set(cursors.map((cursor) => `${cursor.time}/${cursor.key}`)).size).toBe(23);
    expect(await store.readAfter(whole[22]!.cursor, 10)).toEqual([]);
    expect((await store.readAfter(whole[10]!.cursor, 3)).map((record) => record.cursor)).toEqual(cursors.slice(11, 14));
  });

  it('returns the cursor of an appended record, which reads on after it', async () => {
    const first = await store.appendScrape(scrape(T0, { total: [1, 1] }));
    await store.appendScrape(scrape(T0 + MINUTE, { total: [2, 2] }));
    expect(first.inserted).toBe(true);
    const after = await store.readAfter(first.cursor, 10);
    expect(after.map((record) => record.time)).toEqual([T0 + MINUTE]);
  });

  it('adds a record with a source key once, however often and in whatever batch it comes', async () => {
    const record = scrape(T0, { farmers: [{ farmer: 1, height: 1 }], sourceKey: 'farmers:abc' });
    expect((await store.appendScrape(record)).inserted).toBe(true);
    expect((await store.appendScrape(record)).inserted).toBe(false);
    const batch = await store.appendScrapes([
      record,
      scrape(T0 + MINUTE, { total: [1, 1], sourceKey: 'totalStorage:1' }),
      scrape(T0 + MINUTE, { total: [1, 1], sourceKey: 'totalStorage:1' }),
      scrape(T0 + 2 * MINUTE, { total: [2, 2], sourceKey: 'totalStorage:2' }),
    ]);
    expect(batch.map((result) => result.inserted)).toEqual([false, true, false, true]);
    expect(await store.readAfter(null, 10)).toHaveLength(3);
    expect((await store.counts()).snapshots).toBe(1);
  });

  it('stores a scrape whole or not at all: a known source key keeps its snapshot out too', async () => {
    await store.appendScrape(scrape(T0, { total: [1, 1], sourceKey: 'both:1' }));
    const result = await store.appendScrape(scrape(T0 + MINUTE, { farmers: [{ farmer: 5, height: 5 }], total: [2, 2], sourceKey: 'both:1' }));
    expect(result.inserted).toBe(false);
    const records = await store.readAfter(null, 10);
    expect(records).toHaveLength(1);
    expect((await store.counts()).snapshots).toBe(0);
  });

  it('tells the earliest time among records inserted since a mark', async () => {
    await store.appendScrape(scrape(T0 + 30 * MINUTE, { total: [1, 1] }));
    const start = await store.earliestInsertedSince(null);
    expect(start.earliestTime).toBeNull();
    expect(start.mark).not.toBeNull();
    await store.appendScrape(scrape(T0 + 10 * MINUTE, { total: [1, 1] }));
    const afterFirst = await store.earliestInsertedSince(start.mark);
    expect(afterFirst.earliestTime).toBe(T0 + 10 * MINUTE);
    await store.appendScrapes([
      scrape(T0 + 20 * MINUTE, { total: [1, 1], sourceKey: 'late' }),
      scrape(T0 + 5 * MINUTE, { farmers: [{ farmer: 1, height: 1 }], sourceKey: 'early' }),
    ]);
    const afterImport = await store.earliestInsertedSince(afterFirst.mark);
    expect(afterImport.earliestTime).toBe(T0 + 5 * MINUTE);
    expect(afterImport.mark).not.toBe(afterFirst.mark);
    const nothingNew = await store.earliestInsertedSince(afterImport.mark);
    expect(nothingNew.earliestTime).toBeNull();
    expect(nothingNew.mark).toBe(afterImport.mark);
  });

  it('prunes old snapshots but keeps their totals', async () => {
    for (let i = 0; i < 3; i++) await store.appendScrape(scrape(T0 + i * MINUTE, { farmers: [{ farmer: i, height: i }], total: [i, 1] }));
    expect(await store.pruneSnapshotsBefore(T0 + 2 * MINUTE)).toBe(2);
    const records = await store.readAfter(null, 10);
    expect(records.map((record) => [record.total?.totalTB, record.snapshot === null])).toEqual([
      [0, true],
      [1, true],
      [2, false],
    ]);
    expect(await store.pruneSnapshotsBefore(T0 + 2 * MINUTE)).toBe(0);
    expect((await store.counts()).snapshots).toBe(1);
  });

  it('prunes the scrape log: old failures go, old rows lose their detail, totals, counts and recent rows stay', async () => {
    const log = store.kind === 'sqlite' ? 'scrapes' : 'remote_scrape_log';
    const rejections = [{ reason: 'bad address', count: 1, examples: ['x'] }];
    await store.appendScrape({ ...scrape(T0, { total: [1, 1] }), rejected: 1, rejections });
    await store.recordFailure({ time: T0 + MINUTE, durationMs: 10, errorCode: 'timeout', errorMessage: 'old' });
    await store.appendScrape({ ...scrape(T0 + 3 * MINUTE, { total: [3, 1] }), rejected: 1, rejections });
    await store.recordFailure({ time: T0 + 4 * MINUTE, durationMs: 10, errorCode: 'timeout', errorMessage: 'recent' });
    const before = (await store.counts()).scrapes;
    const pruned = await store.pruneScrapeLogBefore(T0 + 2 * MINUTE);
    const rows = opened.db.prepare(`SELECT time, ok, rejected, rejections, error_message AS message FROM ${log} ORDER BY time`).all();
    const kept = [
      { time: T0 + 3 * MINUTE, ok: 1, rejected: 1, rejections: JSON.stringify(rejections), message: null },
      { time: T0 + 4 * MINUTE, ok: 0, rejected: 0, rejections: null, message: 'recent' },
    ];
    if (store.kind === 'sqlite') {
      expect(pruned).toBe(1);
      expect(rows).toEqual([{ time: T0, ok: 1, rejected: 1, rejections: null, message: null }, ...kept]);
    } else {
      expect(pruned).toBe(2);
      expect(rows).toEqual(kept);
    }
    expect((await store.counts()).scrapes).toBe(before - 1);
    expect((await store.readAfter(null, 10)).map((record) => record.total?.totalTB)).toEqual([1, 3]);
  });

  it('counts records, failures, snapshots and addresses; failures are never read as records', async () => {
    await store.appendScrape(scrape(T0, { farmers: [{ farmer: 1, height: 1, payout: 2 }], total: [1, 1] }));
    await store.appendScrape(scrape(T0 + MINUTE, { total: [1, 1] }));
    await store.appendScrape(scrape(T0 + 2 * MINUTE, { farmers: [{ farmer: 3, height: 1 }] }));
    await store.recordFailure({ time: T0 + 3 * MINUTE, durationMs: 10_000, errorCode: 'timeout', errorMessage: 'no answer in 10 s' });
    const counts = await store.counts();
    expect(counts).toMatchObject({ scrapes: 4, snapshots: 2, addresses: 3 });
    expect(counts.sizeBytes).toBeGreaterThan(0);
    expect(await store.readAfter(null, 10)).toHaveLength(3);
  });
}

describe('raw store contract: SQLite', () => {
  rawStoreContract(async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteRawStore(db);
    return { store, db, cleanup: () => store.close() };
  });
});

describeWithMongo(mongo, 'raw store contract: MongoDB (MONGODB_URL)', (url) => {
  rawStoreContract(async () => {
    const db = openDatabase(':memory:');
    const database = `driveshare_contract_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const store = await MongoRawStore.connect({ uri: url, database, farmerValidator: new PayloadValidator() }, db);
    return {
      store,
      db,
      cleanup: async () => {
        const { MongoClient } = await import('mongodb');
        const client = await MongoClient.connect(url);
        await client.db(database).dropDatabase();
        await client.close();
        await store.close();
        db.close();
      },
    };
  });
});
