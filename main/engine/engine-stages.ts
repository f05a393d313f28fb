import type { Settings } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_TIMEOUT_SECONDS, MS_PER_SECOND } from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';
import { effectiveChannels } from '../alerts/effective-channels.js';
import { AlertDelivery } from '../alerts/alert-delivery.js';
import { startEngineApi, type EngineApi } from '../api/engine-api.js';
import { Collector } from '../collector/collector.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import type { HandlerContext } from '../handlers/context.js';
import { ImportRunner } from '../importers/import-runner.js';
import { startEngineJobs, type EngineJobs } from '../jobs/engine-jobs.js';
import { subsystemLogger, type Logger } from '../logging/logger.js';
import { JsonFileSettingsStore } from '../settings/json-file-settings-store.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';
import { databaseFile, prepareDataDir } from '../store/data-dir.js';
import { openRawStore, type OpenedRawStore } from '../store/mongodb/open-raw-store.js';
import type { HistoryReader } from '../queries/index.js';
import type { RawStore } from '../store/raw-store.js';
import { closeDatabase } from '../store/sqlite/close-database.js';
import { openDatabase, type SqliteDatabase } from '../store/sqlite/open-database.js';
import { syncCollectionSettings } from './collection-settings.js';
import { createEngineContext } from './engine-context.js';
import type { EngineEventHub } from './engine-events.js';
import type { BackfillTracker } from './backfill-tracker.js';
import type { BackfillContext, EngineOptions } from './engine-options.js';
import type { StopStack } from './stop-stack.js';

/**
 * The stages `startEngine` composes, in its order. Each registers the shutdown of what it
 * started on the stop stack, so a later stage that fails undoes the earlier ones.
 */

export interface Storage {
  dataDir: string;
  db: SqliteDatabase;
  rawStore: OpenedRawStore;
}

/** Data directory and its collector lock, the SQLite database, and the raw store (SQLite or MongoDB). */
export async function openStorage(options: EngineOptions, stack: StopStack): Promise<Storage> {
  const dataDir = prepareDataDir(options.dataDir, options.demo ?? false);
  const lock = acquireDataDirLock(dataDir);
  stack.push(() => lock.release());
  const db = openDatabase(databaseFile(dataDir));
  // Closed last, after every writer and reader: the log is checkpointed into the file first.
  stack.push(() => closeDatabase(db));
  const rawStore = await openRawStore(db, options.rawStoreUri, new PayloadValidator());
  // The SQLite store's close() is the database's (closed above); MongoDB's connection is its own.
  if (rawStore.kind === 'mongodb') stack.push(() => rawStore.close());
  return { dataDir, db, rawStore };
}

/** The settings store the options name, or the data directory's settings.json. */
export function openSettings(dataDir: string, options: EngineOptions): SettingsStore {
  const log = subsystemLogger(options.logger, 'settings');
  return options.settings ?? JsonFileSettingsStore.open(dataDir, { onProblem: (problem) => log.warn(problem) });
}

/**
 * Aggregation folds on its own thread and connection; it stops before the database closes. The
 * worker has the watched addresses before its first fold: a fold without them would pass over
 * the records it folds, and deriving the addresses afterwards is silent, so their alerts would
 * be lost.
 */
export function startJobs(storage: Storage, hub: EngineEventHub, settings: Settings, options: EngineOptions, stack: StopStack): EngineJobs {
  const jobs = startEngineJobs({
    databaseFile: databaseFile(storage.dataDir),
    rawStoreUri: options.rawStoreUri ?? null,
    events: { watched: settings.watchedAddresses, rules: settings.eventRules },
    notifier: hub,
    logger: subsystemLogger(options.logger, 'jobs'),
  });
  stack.push(() => jobs.stop());
  // A shared MongoDB history also grows from other collectors: fold what they add.
  if (storage.rawStore.kind === 'mongodb') {
    const log = subsystemLogger(options.logger, 'store');
    stack.push(storage.rawStore.follow(() => hub.historyChanged(), { onError: (error) => log.warn(`MongoDB raw store: ${describeError(error)}`) }));
  }
  return jobs;
}

/** The scrape loop, not yet started; null when the engine runs without a source. */
export function createCollector(rawStore: RawStore, options: EngineOptions): Collector | null {
  if (options.source === null) return null;
  return new Collector({
    store: rawStore,
    source: options.source,
    intervalMs: (options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * MS_PER_SECOND,
    timeoutMs: (options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * MS_PER_SECOND,
    retentionDays: options.retentionDays ?? 0,
    ...(options.scrapeLogRetentionDays !== undefined ? { scrapeLogRetentionDays: options.scrapeLogRetentionDays } : {}),
    logger: subsystemLogger(options.logger, 'collector'),
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
}

/** Imports write through the raw store's own address dictionary and announce what they add. */
export function startImports(storage: Storage, hub: EngineEventHub, stack: StopStack): ImportRunner {
  const imports = new ImportRunner(
    { store: storage.rawStore, db: storage.db, addresses: storage.rawStore.addresses },
    { onProgress: (progress) => hub.emit({ type: 'import', progress }), onFinished: () => hub.historyChanged() },
  );
  stack.push(() => imports.stop());
  return imports;
}

/** The handler context over the settings store. */
export function createContext(
  dataDir: string,
  parts: { status(): Promise<Status>; hub: EngineEventHub; imports: ImportRunner; settings: SettingsStore; history: HistoryReader },
  stack: StopStack,
): HandlerContext {
  const created = createEngineContext({ dataDir, ...parts });
  stack.push(() => created.close());
  return created.context;
}

/**
 * Alerts go out from the engine's main process over the writable connection, to the channels the
 * settings hold at each pass; the handlers' channel test runs through the same loop.
 */
export function startAlertDelivery(storage: Storage, context: HandlerContext, hub: EngineEventHub, options: EngineOptions, stack: StopStack): AlertDelivery {
  const delivery = new AlertDelivery({
    db: storage.db,
    channels: () => effectiveChannels(context.settings.get()),
    desktop: options.desktopNotifier ?? null,
    logger: subsystemLogger(options.logger, 'alerts'),
  });
  context.alerts = delivery;
  stack.push(() => delivery.stop());
  stack.push(context.settings.onChange(() => delivery.channelsChanged()));
  // The hub announces events after the fold's transaction committed their outbox entries.
  stack.push(hub.subscribe((event) => {
    if (event.type === 'node-event') delivery.wake();
  }));
  delivery.start();
  return delivery;
}

/**
 * The local API over the context, when a port is given. Command-line options win for this run,
 * and the Settings view (served by the API) must show what is in effect.
 */
export async function startApi(context: HandlerContext, collector: Collector | null, options: EngineOptions, stack: StopStack): Promise<EngineApi | null> {
  if (options.apiPort === undefined) return null;
  const api = await startEngineApi({
    context,
    port: options.apiPort,
    rendererDir: options.rendererDir ?? null,
    logger: subsystemLogger(options.logger, 'api'),
  });
  stack.push(() => api.close());
  if (collector !== null) syncCollectionSettings(context.settings, collector.status(), options);
  return api;
}

/** Views show the collector's state as it changes (pushed), not only when they poll. */
export function statusPusher(status: () => Promise<Status>, hub: EngineEventHub, stack: StopStack, log: Logger): () => void {
  return () => {
    if (stack.stopping) return;
    status().then(
      (current) => {
        if (!stack.stopping) hub.emit({ type: 'status', status: current });
      },
      (error: unknown) => log.error(`status: ${describeError(error)}`),
    );
  };
}

/**
 * Fills history before live collecting; the status says `backfilling` with its progress
 * meanwhile (the tracker pushes the status and tells the jobs as it goes).
 */
export async function runBackfill(
  backfill: EngineOptions['backfill'],
  context: Omit<BackfillContext, 'progress'>,
  tracker: BackfillTracker,
  hub: EngineEventHub,
  pushStatus: () => void,
): Promise<void> {
  if (backfill === undefined) return;
  tracker.start();
  pushStatus();
  try {
    await backfill({ ...context, progress: (done, total, days) => tracker.report(done, total, days) });
  } finally {
    tracker.finish();
  }
  hub.historyChanged();
  pushStatus();
}

/**
 * Every scrape goes out as an event and as new history: a stored one for the aggregates, a failed
 * one for the collector's events (docs/events.md); then the loop starts.
 */
export function startCollecting(collector: Collector, hub: EngineEventHub, pushStatus: () => void, start: boolean, stack: StopStack): void {
  collector.on('scrape', (outcome) => {
    hub.emit({ type: 'scrape', outcome });
    hub.historyChanged();
  });
  collector.on('state', pushStatus);
  stack.push(() => collector.stop());
  if (start) collector.start();
}
