import type { Status } from '../../shared/model/status.js';
import type { EngineEventHub } from '../engine/engine-events.js';
import { AggregationWorker } from './aggregation-worker.js';

export interface EngineJobs {
  readonly worker: AggregationWorker;
  status(): Status['jobs'];
  stop(): Promise<void>;
}

/**
 * Plugs the aggregation worker into the engine: every `historyChanged` (stored scrape, backfill,
 * import) asks it to fold; every finished run is announced to the views as an `aggregated` event.
 * Usage in startEngine, after the hub exists:
 *   const jobs = startEngineJobs({ databaseFile: databaseFile(dataDir), rawStoreUri, hub });
 *   onStop(() => jobs.stop());   // and `jobs.status()` for `status().jobs`
 */
export function startEngineJobs(options: { databaseFile: string; rawStoreUri?: string | null; hub: EngineEventHub }): EngineJobs {
  const worker = new AggregationWorker({ databaseFile: options.databaseFile, rawStoreUri: options.rawStoreUri ?? null });
  worker.on('aggregated', (result) => {
    if (result.foldedThrough !== null) options.hub.emit({ type: 'aggregated', foldedThrough: result.foldedThrough });
  });
  worker.on('failed', (message) => console.error(`aggregation: ${message}`));
  const unsubscribe = options.hub.onHistoryChanged(() => worker.notify());
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
