import type { EngineEvent } from '../../shared/model/events.js';
import type { Status } from '../../shared/model/status.js';
import type { Logger } from '../logging/logger.js';
import { AggregationWorker } from './aggregation-worker.js';

/**
 * What the jobs need from whoever runs them: a signal that new raw history is stored, and a way
 * to announce a finished fold. Declared here so the jobs depend on nothing above them; the
 * engine's event hub satisfies it.
 */
export interface JobsNotifier {
  /** Returns the unsubscribe. */
  onHistoryChanged(listener: () => void): () => void;
  emit(event: Extract<EngineEvent, { type: 'aggregated' }>): void;
}

export interface EngineJobsOptions {
  databaseFile: string;
  rawStoreUri?: string | null;
  notifier: JobsNotifier;
  logger: Logger;
}

export interface EngineJobs {
  readonly worker: AggregationWorker;
  status(): Status['jobs'];
  stop(): Promise<void>;
}

/**
 * Plugs the aggregation worker into the engine: every "history changed" (stored scrape, backfill,
 * import) asks it to fold; every finished run is announced as an `aggregated` event; a failed run
 * is logged (and shows in `status().jobs`).
 */
export function startEngineJobs(options: EngineJobsOptions): EngineJobs {
  const worker = new AggregationWorker({ databaseFile: options.databaseFile, rawStoreUri: options.rawStoreUri ?? null });
  worker.on('aggregated', (result) => {
    if (result.foldedThrough !== null) options.notifier.emit({ type: 'aggregated', foldedThrough: result.foldedThrough });
  });
  worker.on('failed', (message) => options.logger.error(`aggregation failed: ${message}`));
  const unsubscribe = options.notifier.onHistoryChanged(() => worker.notify());
  worker.start();
  return {
    worker,
    status: () => worker.status(),
    stop: async () => {
      unsubscribe();
      await worker.stop();
    },
  };
}
