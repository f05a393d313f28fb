import type { SetForThisRun, Status } from '../../shared/model/status.js';
import type { DesktopNotifier } from '../alerts/channels/desktop.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

export interface BackfillContext {
  rawStore: RawStore;
  db: SqliteDatabase;
  /** The store's SQLite file and the raw store's URI (null: SQLite), for a backfill on a thread of its own. */
  databaseFile: string;
  rawStoreUri: string | null;
  /** The engine's status, which reports the collector as `backfilling` meanwhile. */
  status: () => Promise<Status>;
  /** Tells the status (and the views) how far the backfill is: `done` of `total` scrapes, covering `days`. */
  progress: (done: number, total: number, days: number) => void;
}

export interface EngineOptions {
  /** The entry point's logger; each subsystem writes to its own child of it. */
  logger: Logger;
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
  scrapeLogRetentionDays?: number;
  maxBodyBytes?: number;
  /** The UTC clock that stamps scrapes (tests inject one). */
  clock?: () => number;
  /** Fills history before live collecting (the demo's 30 days); the status says `backfilling` meanwhile. */
  backfill?: (context: BackfillContext) => Promise<void>;
  /** False leaves the loop idle (`collect --once` calls `collector.scrapeNow()` itself). Default true. */
  startCollector?: boolean;
  /** Port of the local HTTP API (0 picks a free one); undefined: no API (the context exists regardless). */
  apiPort?: number;
  /**
   * Awaited once the local API listens, before the backfill: the headless CLI checks that it
   * answers and only then prints its address (the dashboard is reachable while history fills).
   */
  onApiStarted?: (url: string) => Promise<void> | void;
  /** The built renderer (out/renderer) the API serves at `/` (headless); undefined/null: API only. */
  rendererDir?: string | null;
  /** The settings store (desktop: electron-store); default: settings.json in the data directory. */
  settings?: SettingsStore;
  /**
   * The settings this run's command line gave (`--interval 120` → intervalSeconds): the status
   * reports them so the Settings view marks those fields as set for this run, not by the form.
   */
  setForThisRun?: readonly SetForThisRun[];
  /** Shows desktop notifications for desktop alert channels (the desktop shell passes one; headless has none). */
  desktopNotifier?: DesktopNotifier;
}
