import type { Status } from '../../shared/model/status.js';
import { DEFAULT_INTERVAL_SECONDS } from '../../shared/defaults.js';
import type { EngineApi } from '../api/engine-api.js';
import type { Collector } from '../collector/collector.js';
import type { HandlerContext } from '../handlers/context.js';
import type { ImportRunner } from '../importers/import-runner.js';
import { subsystemLogger } from '../logging/logger.js';
import { databaseFile } from '../store/data-dir.js';
import type { RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { followCollectionSettings } from './collection-settings.js';
import { EngineEventHub } from './engine-events.js';
import { followEventSettings } from './event-settings.js';
import {
  createCollector,
  createContext,
  openSettings,
  openStorage,
  runBackfill,
  startAlertDelivery,
  startApi,
  startCollecting,
  startImports,
  startJobs,
  statusPusher,
} from './engine-stages.js';
import { BackfillTracker } from './backfill-tracker.js';
import { followCommittedRows } from './committed-views.js';
import type { BackfillContext, EngineOptions } from './engine-options.js';
import { engineStatus } from './engine-status.js';
import { StopStack } from './stop-stack.js';

export type { BackfillContext, EngineOptions };

/**
 * The engine: everything the desktop app and the headless CLI run, composed in one place from
 * named stages (engine-stages.ts; the layers and stages are described in docs/architecture.md).
 */

export interface Engine {
  readonly dataDir: string;
  readonly db: SqliteDatabase;
  readonly rawStore: RawStore;
  readonly collector: Collector | null;
  readonly hub: EngineEventHub;
  /** What handlers run against; the local API and the desktop's IPC are adapters over it. */
  readonly context: HandlerContext;
  /** The local HTTP API, when `apiPort` was given. */
  readonly api: EngineApi | null;
  readonly imports: ImportRunner;
  status(): Promise<Status>;
  /** Stops every component in reverse start order and releases the data directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts, in this order: data directory and lock, database and raw store, aggregation jobs,
 * collector, import runner, handler context, local API, backfill, collecting. `stop()` runs the
 * stoppers in reverse (collector, API, context, imports, jobs, store, lock), so the database
 * closes only after every writer has finished; a failed start undoes what had already started.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const stack = new StopStack();
  try {
    const storage = await openStorage(options, stack);
    const hub = new EngineEventHub();
    const settings = openSettings(storage.dataDir, options);
    const jobs = startJobs(storage, hub, settings.get(), options, stack);
    const collector = createCollector(storage.rawStore, options);
    // Reports go to the status push and the jobs; both exist before the backfill starts.
    let reportBackfill = (): void => undefined;
    const backfill = new BackfillTracker(() => reportBackfill());
    const intervalSeconds = options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
    const status = engineStatus({
      rawStore: storage.rawStore,
      collector,
      jobs,
      intervalSeconds,
      backfill: () => backfill.progress(),
      secrets: settings.secretStorage,
      setForThisRun: options.setForThisRun,
    });
    const imports = startImports(storage, hub, stack);
    const context = createContext(storage.dataDir, { status, hub, imports, settings, history: storage.rawStore }, stack);
    stack.push(followCommittedRows(jobs, context.db));
    startAlertDelivery(storage, context, hub, options, stack);
    stack.push(followEventSettings(context.settings, jobs));
    const api = await startApi(context, collector, options, stack);
    if (api !== null) await options.onApiStarted?.(api.url);
    if (collector !== null) stack.push(followCollectionSettings(context.settings, collector));
    const pushStatus = statusPusher(status, hub, stack, subsystemLogger(options.logger, 'engine'));
    reportBackfill = () => {
      hub.historyChanged();
      pushStatus();
    };
    const backfillContext = { rawStore: storage.rawStore, db: storage.db, databaseFile: databaseFile(storage.dataDir), rawStoreUri: options.rawStoreUri ?? null, status };
    await runBackfill(options.backfill, backfillContext, backfill, hub, pushStatus);
    if (collector !== null) startCollecting(collector, hub, pushStatus, options.startCollector ?? true, stack);
    const { dataDir, db, rawStore } = storage;
    return { dataDir, db, rawStore, collector, hub, context, api, imports, status, stop: () => stack.stop() };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
