import type { EngineEvent } from '../../shared/model/events.js';
import type { Status } from '../../shared/model/status.js';
import type { EventConfig } from '../events/event-fold.js';
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
  emit(event: Extract<EngineEvent, { type: 'aggregated' | 'node-event' }>): void;
}

export interface EngineJobsOptions {
  databaseFile: string;
  rawStoreUri?: string | null;
  notifier: JobsNotifier;
  logger: Logger;
  /** What the node events are derived for from the first fold on (later changes: `configureEvents`). */
  events?: EventConfig;
}

export interface EngineJobs {
  readonly worker: AggregationWorker;
  status(): Status['jobs'];
  /** The watched addresses and event thresholds the node events are derived for (settings). */
  configureEvents(config: EventConfig): void;
  stop(): Promise<void>;
}

/**
 * Plugs the aggregation worker into the engine: every "history changed" (stored scrape, backfill,
 * import) asks it to fold; every finished run is announced as an `aggregated` event and every new
 * node event as a `node-event`; a failed run is logged (and shows in `status().jobs`).
 */
export function startEngineJobs(options: EngineJobsOptions): EngineJobs {
  const worker = new AggregationWorker({ databaseFile: options.databaseFile, rawStoreUri: options.rawStoreUri ?? null });
  worker.on('aggregated', (result) => {
    if (result.foldedThrough !== null) options.notifier.emit({ type: 'aggregated', foldedThrough: result.foldedThrough });
  });
  worker.on('failed', (message) => options.logger.error(`aggregation failed: ${message}`));
  worker.on('node-events', (events) => {
    for (const event of events) options.notifier.emit({ type: 'node-event', event });
  });
  const unsubscribe = options.notifier.onHistoryChanged(() => worker.notify());
  // Before start: the worker is told the configuration ahead of its first fold.
  if (options.events !== undefined) worker.configureEvents(options.events);
  worker.start();
  return {
    worker,
    status: () => worker.status(),
    configureEvents: (config) => worker.configureEvents(config),
    stop: async () => {
      unsubscribe();
      await worker.stop();
    },
  };
}
