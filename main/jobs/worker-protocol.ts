import type { AggregationProgress, AggregationResult } from './run-aggregation.js';

/** What the aggregation worker needs to open its own connections. */
export interface AggregationWorkerData {
  databaseFile: string;
  /** `mongodb://…` when the raw history lives in MongoDB; null for the embedded SQLite store. */
  rawStoreUri: string | null;
}

/** Host → worker. `fold` is the "new history stored" notification; `stop` finishes and exits. */
export type WorkerCommand = { type: 'fold' } | { type: 'rebuild' } | { type: 'cancel' } | { type: 'stop' };

/** Worker → host. */
export type WorkerReport =
  | { type: 'ready' }
  | { type: 'progress'; progress: AggregationProgress }
  | { type: 'done'; result: AggregationResult }
  | { type: 'failed'; message: string }
  | { type: 'stopped' };
