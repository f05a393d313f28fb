/**
 * The engine: everything the desktop app and the headless CLI run, composed in one place.
 *
 * Order of `startEngine` (each component lives in its own module; plug yours in with a small edit):
 *   1. data directory + collector lock          main/store/data-dir*.ts            (engineer A)
 *   2. SQLite database (aggregates, dictionary)  main/store/sqlite/                  (lead / A)
 *   3. raw store: SQLite, or MongoDB with `rawStoreUri`  -> `openRawStore` (store/mongodb)  (engineer C)
 *   4. aggregation jobs (worker thread), told by `hub.onHistoryChanged` after every stored scrape,
 *      backfill or import; their state goes in `status().jobs`                      (engineer B)
 *   5. local HTTP API (default port 7780) over `engine` (status, hub, db, raw store), started
 *      before the backfill so views can watch it; import runner, which calls
 *      `hub.historyChanged()` after each import                                      (engineers D, C)
 *   6. history backfill (demo) through the real ingest path; status says `backfilling`  (engineer A)
 *   7. collector loop                              main/collector/                    (engineer A)
 * Each started component registers its shutdown with `onStop`; `stop()` runs them in reverse
 * order (API, collector, jobs, store, lock), so the database is closed only after every writer has
 * finished, and a failed start undoes what had already started.
 */
import packageJson from '../../package.json' with { type: 'json' };
import type { Status } from '../../shared/model/status.js';
import { Collector } from '../collector/collector.js';
import { acquireDataDirLock } from '../store/data-dir-lock.js';
import { databaseFile, prepareDataDir } from '../store/data-dir.js';
import type { RawStore } from '../store/raw-store.js';
import { openDatabase, type SqliteDatabase } from '../store/sqlite/open-database.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import { openRawStore } from '../store/mongodb/open-raw-store.js';
import { EngineEventHub } from './engine-events.js';
import { startEngineJobs } from '../jobs/engine-jobs.js';
import { startEngineApi, type EngineApi } from '../api/engine-api.js';
import { ImportRunner } from '../importers/import-runner.js';
import { JsonFileSettingsStore } from '../settings/json-file-settings-store.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface BackfillContext {
  rawStore: RawStore;
  db: SqliteDatabase;
  /** The engine's status, which reports the collector as `backfilling` meanwhile. */
  status: () => Promise<Status>;
}

export interface EngineOptions {
  /** Explicit data directory; empty/undefined means the OS app-data folder (or its `demo` subfolder). */
  dataDir?: string | null;
  demo?: boolean;
  /**
   * `mongodb://…` keeps raw scrapes in that shared MongoDB (the original's collections) instead of
   * the data directory's SQLite; aggregates and the address dictionary stay local either way.
   */
  rawStoreUri?: string | null;
  /** Status-server base URL; null runs the engine without a collector (viewing, importing). */
  source: string | null;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  retentionDays?: number;
  maxBodyBytes?: number;
  /** The UTC clock that stamps scrapes (tests inject one). */
  clock?: () => number;
  /** Fills history before live collecting (the demo's 30 days); the status says `backfilling` meanwhile. */
  backfill?: (context: BackfillContext) => Promise<void>;
  /** False leaves the loop idle (`collect --once` calls `collector.scrapeNow()` itself). Default true. */
  startCollector?: boolean;
  /** Port of the local HTTP API (the CLI's default is 7780; 0 picks a free one); undefined: no API. */
  apiPort?: number;
  /** The built renderer (out/renderer) the API serves at `/` (headless); undefined/null: API only. */
  rendererDir?: string | null;
  /** Pino level of the API's log (requests at debug); default info, false: silent. */
  apiLogLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | false;
  /** The settings store (desktop: electron-store); default: settings.json in the data directory. */
  settings?: SettingsStore;
}

export interface Engine {
  readonly dataDir: string;
  readonly db: SqliteDatabase;
  readonly rawStore: RawStore;
  readonly collector: Collector | null;
  readonly hub: EngineEventHub;
  /** The local HTTP API, when `apiPort` was given. */
  readonly api: EngineApi | null;
  readonly imports: ImportRunner;
  status(): Promise<Status>;
  /** Stops every component in reverse start order and releases the data directory. Idempotent. */
  stop(): Promise<void>;
}

type Stopper = () => void | Promise<void>;

export async function startEngine(options: EngineOptions): Promise<Engine> {
  const stoppers: Stopper[] = [];
  const onStop = (stopper: Stopper): void => {
    stoppers.push(stopper);
  };
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const stopper of stoppers.reverse()) await stopper();
    })();
    return stopping;
  };

  try {
    const dataDir = prepareDataDir(options.dataDir, options.demo ?? false);
    const lock = acquireDataDirLock(dataDir);
    onStop(() => lock.release());

    const db = openDatabase(databaseFile(dataDir));
    onStop(() => {
      db.close();
    });
    const rawStore = await openRawStore(db, options.rawStoreUri, new PayloadValidator());
    // The SQLite store's close() is the database's (closed above); MongoDB's connection is its own.
    if (rawStore.kind === 'mongodb') onStop(() => rawStore.close());
    const hub = new EngineEventHub();
    let backfilling = false;
    // Aggregation folds on its own thread and connection (main/jobs); it stops before the database closes.
    const jobs = startEngineJobs({ databaseFile: databaseFile(dataDir), rawStoreUri: options.rawStoreUri ?? null, hub });
    onStop(() => jobs.stop());
    const jobsStatus = (): Status['jobs'] => jobs.status();
    // A shared MongoDB history also grows from other collectors: fold what they add.
    if (rawStore.kind === 'mongodb') {
      onStop(rawStore.follow(() => hub.historyChanged(), { onError: (error) => console.warn(`MongoDB raw store: ${error instanceof Error ? error.message : String(error)}`) }));
    }

    const collector =
      options.source === null
        ? null
        : new Collector({
            store: rawStore,
            source: options.source,
            intervalMs: (options.intervalSeconds ?? 300) * 1000,
            timeoutMs: (options.timeoutSeconds ?? 10) * 1000,
            retentionDays: options.retentionDays ?? 0,
            ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
            ...(options.clock !== undefined ? { clock: options.clock } : {}),
          });

    const status = async (): Promise<Status> => {
      const counts = await rawStore.counts();
      const collectorStatus = collector?.status() ?? {
        state: 'stopped' as const,
        source: null,
        intervalSeconds: options.intervalSeconds ?? 300,
        lastScrape: null,
        lastError: null,
        nextScrapeAt: null,
        scrapesOk: 0,
        scrapesFailed: 0,
        consecutiveFailures: 0,
      };
      return {
        version: packageJson.version,
        collector: backfilling ? { ...collectorStatus, state: 'backfilling' } : collectorStatus,
        jobs: jobsStatus(),
        store: { kind: rawStore.kind, ...counts },
      };
    };

    // Imports write through the raw store's own address dictionary (ImportTarget requires it).
    const imports = new ImportRunner(
      { store: rawStore, db, addresses: rawStore.addresses },
      { onProgress: (progress) => hub.emit({ type: 'import', progress }), onFinished: () => hub.historyChanged() },
    );
    onStop(() => imports.stop());

    let api: EngineApi | null = null;
    if (options.apiPort !== undefined) {
      const settings = options.settings ?? JsonFileSettingsStore.open(dataDir, { onProblem: (problem) => console.warn(`settings: ${problem}`) });
      api = await startEngineApi({
        dataDir,
        port: options.apiPort,
        rendererDir: options.rendererDir ?? null,
        ...(options.apiLogLevel !== undefined ? { logLevel: options.apiLogLevel } : {}),
        settings,
        status,
        subscribe: (listener) => hub.subscribe(listener),
        imports,
      });
      const started = api;
      onStop(() => started.close());
      if (collector) {
        // Command-line options win for this run; the Settings view must show what is in effect.
        syncCollectionSettings(settings, collector.status(), options);
        // Collection settings changed in a view apply to the running collector at once.
        onStop(
          settings.onChange((next, previous) =>
            collector.configure({
              source: next.sourceUrl !== previous.sourceUrl ? next.sourceUrl : undefined,
              intervalMs: next.intervalSeconds !== previous.intervalSeconds ? next.intervalSeconds * 1000 : undefined,
              timeoutMs: next.requestTimeoutSeconds !== previous.requestTimeoutSeconds ? next.requestTimeoutSeconds * 1000 : undefined,
              retentionDays: next.retentionDays !== previous.retentionDays ? next.retentionDays : undefined,
            }),
          ),
        );
      }
    }

    // Views show the collector's state as it changes (pushed), not only when they poll.
    let stopped = false;
    onStop(() => {
      stopped = true;
    });
    const pushStatus = (): void => {
      if (stopped) return;
      status().then(
        (current) => {
          if (!stopped) hub.emit({ type: 'status', status: current });
        },
        (error: unknown) => console.error(`status: ${error instanceof Error ? error.message : String(error)}`),
      );
    };

    if (options.backfill) {
      backfilling = true;
      pushStatus();
      try {
        await options.backfill({ rawStore, db, status });
      } finally {
        backfilling = false;
      }
      hub.historyChanged();
      pushStatus();
    }

    if (collector) {
      collector.on('scrape', (outcome) => {
        hub.emit({ type: 'scrape', outcome });
        if (outcome.ok) hub.historyChanged();
      });
      collector.on('state', pushStatus);
      collector.on('error', (error) => console.error(`collector: ${error.message}`));
      onStop(() => collector.stop());
      if (options.startCollector ?? true) collector.start();
    }

    return { dataDir, db, rawStore, collector, hub, api, imports, status, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Writes the collection values this run uses (`--source`, `--interval`, … or the desktop's own
 * settings, then a no-op) into the settings store. A value the settings cannot hold (a test's
 * sub-second interval) is left as it was: the running collector keeps it for this run only.
 */
function syncCollectionSettings(settings: SettingsStore, running: { source: string | null; intervalSeconds: number }, options: EngineOptions): void {
  const current = settings.get();
  const wanted = {
    sourceUrl: running.source ?? current.sourceUrl,
    intervalSeconds: running.intervalSeconds,
    requestTimeoutSeconds: options.timeoutSeconds ?? current.requestTimeoutSeconds,
    retentionDays: options.retentionDays ?? current.retentionDays,
  };
  for (const [key, value] of Object.entries(wanted)) {
    if (current[key as keyof typeof wanted] === value) continue;
    try {
      settings.update({ [key]: value });
    } catch {
      // Out of the settings' bounds: not persisted, by design (see above).
    }
  }
}
