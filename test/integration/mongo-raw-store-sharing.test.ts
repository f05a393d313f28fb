import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MongoRawStore } from '../../main/store/mongodb/mongo-raw-store.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { farmerAddress } from '../support/import-fixtures.js';
import { PayloadValidator } from '../../main/collector/validate-payload.js';
import { describeWithMongo, mongoGate } from '../support/mongodb-gate.js';

/** Two desktops on one shared MongoDB history (runs with MONGODB_URL; a fresh database per test). */
const mongo = await mongoGate();

describeWithMongo(mongo, 'two desktops sharing one MongoDB raw store (MONGODB_URL)', (url) => {
  let database: string;
  let localA: SqliteDatabase;
  let localB: SqliteDatabase;
  let storeA: MongoRawStore;
  let storeB: MongoRawStore;

  beforeEach(async () => {
    database = `driveshare_share_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    localA = openDatabase(':memory:');
    localB = openDatabase(':memory:');
    storeA = await MongoRawStore.connect({ uri: url, database, farmerValidator: new PayloadValidator() }, localA);
    storeB = await MongoRawStore.connect({ uri: url, database, farmerValidator: new PayloadValidator() }, localB);
  });

  afterEach(async () => {
    const client = await MongoClient.connect(url);
    await client.db(database).dropDatabase();
    await client.close();
    await storeA.close();
    await storeB.close();
    localA.close();
    localB.close();
  });

  it('notices the first records of a history that was empty when it started following', async () => {
    let announced = 0;
    const stop = storeA.follow(() => announced++, { intervalMs: 50 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(announced).toBe(0);
      await storeB.appendScrape({
        time: Date.UTC(2026, 0, 1),
        durationMs: 1,
        source: 'import',
        sourceKey: 'totalStorage:first',
        farmers: null,
        total: { id: 1, totalTB: 1, totalFarmers: 1 },
        rejected: 0,
        duplicates: 0,
        rejections: [],
      });
      await expect.poll(() => announced, { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      await stop();
    }
  });

  it("notices the other desktop's scrapes and reads them with its own address ids", async () => {
    // A knows other addresses first, so its ids differ from B's.
    await storeA.appendScrape({
      time: Date.UTC(2026, 0, 1),
      durationMs: 1,
      source: 'collector',
      farmers: [{ btc_addr: farmerAddress(50), payout_addr: farmerAddress(50), last_seen: 0, height: 1 }],
      total: null,
      rejected: 0,
      duplicates: 0,
      rejections: [],
    });
    let announced = 0;
    const stop = storeA.follow(() => announced++, { intervalMs: 50 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const before = announced;
      await storeB.appendScrape({
        time: Date.UTC(2026, 0, 1, 0, 5),
        durationMs: 1,
        source: 'collector',
        farmers: [{ btc_addr: farmerAddress(1), payout_addr: farmerAddress(2), last_seen: 3, height: 4 }],
        total: { id: 1, totalTB: 0.01, totalFarmers: 1 },
        rejected: 0,
        duplicates: 0,
        rejections: [],
      });
      await expect.poll(() => announced, { timeout: 5_000 }).toBeGreaterThan(before);
    } finally {
      await stop();
    }
    const [, shared] = await storeA.readAfter(null, 10);
    expect(shared!.total).toEqual({ id: 1, totalTB: 0.01, totalFarmers: 1 });
    expect(storeA.addresses.addressOf(shared!.snapshot!.ids[0]!)).toBe(farmerAddress(1));
    expect(storeA.addresses.addressOf(shared!.snapshot!.payouts[0]!)).toBe(farmerAddress(2));
    expect(storeA.addresses.idOf(farmerAddress(1))).not.toBe(storeB.addresses.idOf(farmerAddress(1)));
  });
});
