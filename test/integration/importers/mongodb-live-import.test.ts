import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runImport } from '../../support/run-import.js';
import { MongoRawStore } from '../../../main/store/mongodb/mongo-raw-store.js';
import { farmersDocument, interruptedAfterFirstBatch, sqliteTarget, totalStorageDocument, type TestTarget } from '../../support/import-fixtures.js';
import { PayloadValidator } from '../../../main/collector/validate-payload.js';
import { describeWithMongo, mongoGate } from '../../support/mongodb-gate.js';

/** Runs against the server in MONGODB_URL (a fresh database per test, dropped afterwards). */
const mongo = await mongoGate();

describeWithMongo(mongo, 'importing a live original database (MONGODB_URL)', (url) => {
  let client: MongoClient;
  let database: string;
  let target: TestTarget;

  beforeEach(async () => {
    client = await MongoClient.connect(url);
    database = `driveshare_import_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    target = sqliteTarget();
    const db = client.db(database);
    await db.collection('totalStorage').insertMany(Array.from({ length: 2_500 }, (_, i) => totalStorageDocument(i)));
    await db.collection('totalStorage').insertOne(totalStorageDocument(9_999, { total_TB: 'n/a' }));
    await db.collection('farmers').insertMany(Array.from({ length: 4 }, (_, i) => farmersDocument(i, 3)));
  });

  afterEach(async () => {
    await client.db(database).dropDatabase();
    await client.close();
    target.db.close();
  });

  it('imports both collections, reports bad documents by _id, and adds nothing the second time', async () => {
    const request = { kind: 'mongodb' as const, uri: url, database };
    const first = await runImport(target, request);
    expect(first).toMatchObject({ state: 'done', imported: 2_504, rejected: 1 });
    expect(first.errors[0]).toMatch(new RegExp(`^${database}\\.totalStorage _id .*: /total_TB must be number`));
    expect(await runImport(target, request)).toMatchObject({ state: 'done', imported: 0, skipped: 0 });
    expect(await runImport(target, request, { restart: true })).toMatchObject({ state: 'done', imported: 0, skipped: 2_504 });
    expect((await target.store.counts()).scrapes).toBe(2_504);
  });

  it('continues from the last _id after a cancellation', async () => {
    const request = { kind: 'mongodb' as const, uri: url, database };
    const interrupted = interruptedAfterFirstBatch(target);
    const first = await runImport(interrupted.target, request, { signal: interrupted.signal });
    expect(first.state).toBe('cancelled');
    const second = await runImport(target, request);
    expect(second).toMatchObject({ state: 'done', skipped: 0 });
    expect(first.imported + second.imported).toBe(2_504);
  });

  it("reads the original's own collections as a raw store: separate snapshot-only and totals-only records", async () => {
    const store = await MongoRawStore.connect({ uri: url, database, farmerValidator: new PayloadValidator() }, target.db, target.addresses);
    try {
      const records = await store.readAfter(null, 10_000);
      // The bad totals document stays a record (so paging never stops early) but carries nothing.
      expect(records).toHaveLength(2_505);
      expect(records.filter((record) => record.snapshot !== null && record.total === null)).toHaveLength(4);
      expect(records.filter((record) => record.snapshot === null && record.total === null)).toHaveLength(1);
      expect(records.every((record, i) => i === 0 || record.time >= records[i - 1]!.time)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
