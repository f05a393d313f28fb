import type { NodeEvent } from '../../shared/model/node-events.js';
import type { EventConfig } from '../events/event-fold.js';
import type { CommittedRows } from './committed-rows.js';
import type { AggregationProgress, AggregationResult } from './run-aggregation.js';

/** What the aggregation worker needs to open its own connections. */
export interface AggregationWorkerData {
  databaseFile: string;
  /** `mongodb://…` when the raw history lives in MongoDB; null for the embedded SQLite store. */
  rawStoreUri: string | null;
}

/**
 * Host → worker. `fold` is the "new history stored" notification; `configure-events` brings the
 * watched list and the event thresholds (settings); `stop` finishes and exits.
 */
export type WorkerCommand = { type: 'fold' } | { type: 'rebuild' } | { type: 'cancel' } | { type: 'stop' } | { type: 'configure-events'; config: EventConfig };

/** Worker → host. */
export type WorkerReport =
  | { type: 'ready' }
  | { type: 'progress'; progress: AggregationProgress }
  /** What a commit wrote for the readers of the current figures, sent once it has committed (before its `progress`). */
  | { type: 'committed'; commit: CommittedRows }
  | { type: 'done'; result: AggregationResult }
  | { type: 'failed'; message: string }
  /** New node events, sent once the transaction that stored them has committed. */
  | { type: 'node-events'; events: NodeEvent[] }
  | { type: 'stopped' };
