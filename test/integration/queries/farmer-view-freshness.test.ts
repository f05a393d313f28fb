import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAggregation } from '../../support/run-aggregation.js';
import { farmerView } from '../../../main/queries/farmer-view.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';

const start = Date.UTC(2015, 10, 10);
const scrape = (minutes: number, farmers: number[]) =>
  toNewScrape({
    time: start + minutes * 60_000,
    farmers: farmers.map((index) => ({ address: farmerAddress(index), payout: farmerAddress(index), height: 10 })),
    total: { totalTB: 1, totalFarmers: farmers.length },
  });

const directories: string[] = [];
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function connections(): { writer: SqliteDatabase; reader: SqliteDatabase; store: SqliteRawStore } {
  const directory = mkdtempSync(join(tmpdir(), 'farmer-view-'));
  directories.push(directory);
  const writer = openDatabase(join(directory, 'driveshare.db'));
  const reader = openDatabase(join(directory, 'driveshare.db'), { readonly: true });
  open.push(reader, writer);
  return { writer, reader, store: new SqliteRawStore(writer) };
}

// The view is cached per connection and skips re-reading while nothing was written: these pin
// that every kind of write is still seen.
describe('farmerView freshness', () => {
  it('a reading connection sees what another connection commits', async () => {
    const { writer, reader, store } = connections();
    expect(farmerView(reader).referenceTime).toBeNull();
    store.appendScrapeSync(scrape(0, [1, 2]));
    await runAggregation(writer, store);
    expect(farmerView(reader).referenceTime).toBe(start);
    expect(farmerView(reader)).toBe(farmerView(reader));
    store.appendScrapeSync(scrape(5, [1]));
    await runAggregation(writer, store);
    expect(farmerView(reader).referenceTime).toBe(start + 5 * 60_000);
  });

  it('the writing connection sees its own commits', async () => {
    const { writer, store } = connections();
    store.appendScrapeSync(scrape(0, [1]));
    await runAggregation(writer, store);
    expect(farmerView(writer).referenceTime).toBe(start);
    store.appendScrapeSync(scrape(5, [1, 3]));
    await runAggregation(writer, store);
    const view = farmerView(writer);
    expect(view.referenceTime).toBe(start + 5 * 60_000);
    expect(view.online.reduce((sum, flag) => sum + flag, 0)).toBe(2);
  });

  it('a view read inside a transaction that rolls back is not kept', async () => {
    const { writer, store } = connections();
    store.appendScrapeSync(scrape(0, [1]));
    await runAggregation(writer, store);
    const before = farmerView(writer).referenceTime;
    expect(() =>
      writer.transaction(() => {
        writer.prepare("UPDATE agg_state SET header = json_set(header, '$.cursor.time', 1) WHERE id = 1").run();
        expect(farmerView(writer).referenceTime).toBe(1);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(farmerView(writer).referenceTime).toBe(before);
  });
});
