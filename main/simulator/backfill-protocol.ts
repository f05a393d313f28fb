import type { NetworkOptions } from './network-model.js';

/** What the backfill thread needs to open its own connections and make the same network. */
export interface BackfillWorkerData {
  databaseFile: string;
  /** `mongodb://…` when the raw history lives in MongoDB; null for the embedded SQLite store. */
  rawStoreUri: string | null;
  network: NetworkOptions;
  /** Scrape times to fill, oldest first. */
  times: number[];
  /** One Int32: set to 1 by the host to stop the backfill after the batch it is storing. */
  stop: SharedArrayBuffer;
  turnBudgetMs: number;
  diskFullFirstWaitMs?: number;
}

/** Thread → host. `stored` ends every run that was not a failure: that many scrapes are stored. */
export type BackfillReport =
  | { type: 'progress'; done: number; total: number }
  | { type: 'disk-full'; reason: string; retryInMs: number }
  | { type: 'stored'; done: number }
  | { type: 'failed'; message: string };
