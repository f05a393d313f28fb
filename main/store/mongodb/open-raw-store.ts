import type { SqliteDatabase } from '../sqlite/open-database.js';
import { SqliteRawStore } from '../sqlite/sqlite-raw-store.js';
import type { MongoRawStore } from './mongo-raw-store.js';
import type { FarmerListValidator } from './original-documents.js';

/** A raw store together with the local address dictionary every writer of the local database must share. */
export type OpenedRawStore = SqliteRawStore | MongoRawStore;

/**
 * The raw store the `--store` option names: a `mongodb://` / `mongodb+srv://` URI opens the shared
 * MongoDB store (aggregates and the address dictionary stay in `db`); nothing opens the SQLite store in `db`.
 * The MongoDB store checks what it reads with `farmerValidator` (the collector's `PayloadValidator`);
 * aborting `signal` stops connecting to it at once. The MongoDB driver is loaded only here, when a
 * URI asks for it: loading it takes a few tenths of a second every SQLite run would pay for nothing.
 */
export async function openRawStore(
  db: SqliteDatabase,
  storeUri: string | null | undefined,
  farmerValidator: FarmerListValidator,
  signal?: AbortSignal,
): Promise<OpenedRawStore> {
  if (storeUri === undefined || storeUri === null || storeUri === '') return new SqliteRawStore(db);
  const { MongoRawStore } = await import('./mongo-raw-store.js');
  return MongoRawStore.connect({ uri: storeUri, farmerValidator, ...(signal !== undefined ? { signal } : {}) }, db);
}
