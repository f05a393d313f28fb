import type { RawStore } from '../store/raw-store.js';
import type { AddressDictionary } from '../store/sqlite/address-dictionary.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import type { ImportState } from './import-state.js';
import type { ProgressTracker } from './progress-tracker.js';

/**
 * Where an import writes: raw records go to the raw store (SQLite or MongoDB); the original's
 * derived tables and the resume markers go to the local SQLite database. `addresses` must be the
 * raw store's own dictionary: two caches over one table would hand out conflicting ids.
 */
export interface ImportTarget {
  store: RawStore;
  db: SqliteDatabase;
  addresses: AddressDictionary;
}

export interface StepContext {
  target: ImportTarget;
  state: ImportState;
  tracker: ProgressTracker;
  signal: AbortSignal | undefined;
  /** Ignore saved progress and read the source from its start (source keys still prevent duplicates). */
  restart: boolean;
}
