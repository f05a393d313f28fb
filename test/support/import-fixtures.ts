import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Double, Int32, ObjectId, serialize, type Document } from 'bson';
import Database from 'better-sqlite3';
import type { ImportTarget } from '../../main/importers/import-context.js';
import type { RawStore } from '../../main/store/raw-store.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress } from './aggregation-fixtures.js';

export { farmerAddress };

/** A scratch folder removed by the returned cleanup. */
export function scratchDir(prefix = 'import-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Concatenated BSON documents, as mongodump writes a collection. */
export function bsonDump(documents: readonly Document[]): Buffer {
  return Buffer.concat(documents.map((document) => serialize(document)));
}

export const BASE_TIME = Date.UTC(2015, 10, 9, 6, 0, 0);
export const FIVE_MINUTES = 300_000;

export function totalStorageDocument(index: number, overrides: Document = {}): Document {
  return {
    _id: new ObjectId(),
    total_TB: new Double(1500 + index / 100),
    total_id: new Int32(Math.floor((BASE_TIME + index * FIVE_MINUTES) / 1_800_000)),
    total_farmers: new Int32(300 + (index % 50)),
    time: new Date(BASE_TIME + index * FIVE_MINUTES),
    ...overrides,
  };
}

export function farmersDocument(index: number, farmerCount: number, overrides: Document = {}): Document {
  return {
    _id: new ObjectId(),
    time: new Date(BASE_TIME + index * FIVE_MINUTES + 1_000),
    farmers: Array.from({ length: farmerCount }, (_, farmer) => ({
      btc_addr: farmerAddress(farmer),
      payout_addr: farmerAddress(farmer),
      last_seen: farmer % 60,
      height: 1000 + farmer,
    })),
    ...overrides,
  };
}

export interface TestTarget extends ImportTarget {
  store: SqliteRawStore;
}

export function sqliteTarget(file = ':memory:'): TestTarget {
  const db = openDatabase(file);
  const store = new SqliteRawStore(db);
  return { store, db, addresses: store.addresses };
}

/** The original's network.db: its exact CREATE TABLE and the given rows. */
export function writeNetworkDb(file: string, rows: ReadonlyArray<readonly unknown[]>): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE farmers
        (address CHAR(34) PRIMARY KEY    NOT NULL,
         first_date       REAL           NOT NULL,
         last_date        REAL           NOT NULL,
         uptime           REAL)`);
  const insert = db.prepare('INSERT INTO farmers (address, first_date, last_date, uptime) VALUES (?, ?, ?, ?)');
  for (const row of rows) insert.run(...row);
  db.close();
}

/** The original's summary.db: its exact CREATE TABLE and the given rows (auth, date, payout, uptime, duration, height, points). */
export function writeSummaryDb(file: string, rows: ReadonlyArray<readonly unknown[]>): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE summaries
                      (payout_address CHAR(34)     NOT NULL,
                      date            TEXT         NOT NULL,
                      auth_address    TEXT         NOT NULL,
                      uptime          REAL,
                      duration        REAL,
                      height          INTEGER,
                      points          REAL  default 0,
                      PRIMARY KEY (auth_address, date));`);
  const insert = db.prepare(
    'INSERT INTO summaries (auth_address, date, payout_address, uptime, duration, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const row of rows) insert.run(...row);
  db.close();
}

export function writeFile(file: string, content: Buffer | string): string {
  writeFileSync(file, content);
  return file;
}

/**
 * The target, with an abort signal that fires right after the import's first batch is stored.
 * Deterministic, unlike aborting on a progress event: those are throttled to one per 100 ms, so
 * a fast run may report only when a whole file is done.
 */
export function interruptedAfterFirstBatch<T extends ImportTarget>(target: T): { target: T; signal: AbortSignal } {
  const abort = new AbortController();
  const store = target.store;
  const interrupted = new Proxy(store, {
    get(object, property) {
      if (property === 'appendScrapes') {
        return async (...args: Parameters<RawStore['appendScrapes']>) => {
          const results = await store.appendScrapes(...args);
          abort.abort();
          return results;
        };
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
  return { target: { ...target, store: interrupted }, signal: abort.signal };
}
