import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { runImport } from './run-import.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { bsonDump, farmerAddress, farmersDocument, totalStorageDocument, writeFile } from './import-fixtures.js';

export const STORED_SCRAPES = 400;

/**
 * Farmers whose values change unpredictably every scrape, so that snapshots (stored as differences
 * from the scrape before) fill most of the file, as real history does, and the damage lands in them.
 */
function changingFarmers(index: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, farmer) => {
    let noise = Math.imul(farmer + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77);
    noise = Math.imul(noise ^ (noise >>> 15), 0x2c1b3c6d);
    noise = (noise ^ (noise >>> 12)) >>> 0;
    return { btc_addr: farmerAddress(farmer), payout_addr: farmerAddress(farmer), last_seen: noise % 300, height: (noise >>> 9) % 200_000 };
  });
}

/** A store file with real history: STORED_SCRAPES scrapes of 1,000 farmers each, written through the import path. */
export async function storeWithHistory(file: string, folder: string): Promise<void> {
  const documents = Array.from({ length: STORED_SCRAPES / 2 }, (_, i) => farmersDocument(i, 0, { farmers: changingFarmers(i, 1000) }));
  const farmers = writeFile(`${folder}/farmers.bson`, bsonDump(documents));
  const totals = writeFile(`${folder}/totalStorage.bson`, bsonDump(Array.from({ length: STORED_SCRAPES / 2 }, (_, i) => totalStorageDocument(i + 10_000))));
  const db = openDatabase(file);
  const store = new SqliteRawStore(db);
  for (const path of [farmers, totals]) {
    const progress = await runImport({ store, db, addresses: store.addresses }, { kind: 'path', path });
    if (progress.state !== 'done') throw new Error(`the fixture import ended ${progress.state}: ${progress.errors.join('; ')}`);
  }
  // Closing the last connection checkpoints the WAL into the file, so the damage below hits real pages.
  db.close();
}

/** Overwrites `fraction` of the file's pages, from its middle, with garbage (a deterministic pattern). */
export function damagePages(file: string, fraction = 0.2, pageSize = 4096): void {
  const pages = Math.floor(statSync(file).size / pageSize);
  const first = Math.floor(pages * 0.4);
  const count = Math.max(1, Math.floor(pages * fraction));
  const garbage = Buffer.alloc(pageSize);
  for (let i = 0; i < pageSize; i++) garbage[i] = (i * 131 + 17) % 251;
  const fd = openSync(file, 'r+');
  try {
    for (let page = first; page < first + count; page++) writeSync(fd, garbage, 0, pageSize, page * pageSize);
  } finally {
    closeSync(fd);
  }
}
