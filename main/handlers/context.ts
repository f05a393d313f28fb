import type { AlertTestResult } from '../../shared/model/alerts.js';
import type { EngineEvent } from '../../shared/model/events.js';
import type { ImportProgress, ImportRequest } from '../../shared/model/import.js';
import type { SourceTestResult } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import type { HistoryReader } from '../queries/index.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import type { SettingsStore } from '../settings/settings-store.js';

/** The import runner as the handlers use it (main/importers/import-runner.ts `ImportRunner`). */
export interface ImportControl {
  start(request: ImportRequest): Promise<ImportProgress> | ImportProgress;
  cancel(id: string): Promise<ImportProgress> | ImportProgress;
  /** The running import's progress, else the last one's final progress, else null. */
  status(): ImportProgress | null;
}

/** The alert delivery loop as the handlers use it (main/alerts/alert-delivery.ts `AlertDelivery`). */
export interface AlertControl {
  /** Sends a test through the channel with this id or name; AppError `not_found` when there is none. */
  test(idOrName: string): Promise<AlertTestResult>;
}

/**
 * Everything a handler may touch. The handlers never open or write the store themselves: they
 * read through a read-only connection and ask the engine's components for the rest. The engine
 * builds one (main/engine/engine-context.ts); the local API and the desktop's IPC both serve it.
 */
export interface HandlerContext {
  /** A read-only connection to the store's SQLite file (WAL: readers never wait for the writer). */
  db: SqliteDatabase;
  /**
   * The raw history, read to give the dashboard's figures as of a past moment; absent where the
   * raw store is not at hand, and the newest figures are shown instead.
   */
  history?: HistoryReader;
  /** Collector, jobs and store state, composed by the engine. */
  status(): Promise<Status>;
  /** Engine events (scrapes, aggregation, imports); returns the unsubscribe. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
  settings: SettingsStore;
  /** Null where imports are not available (e.g. a viewer without a writable store). */
  imports: ImportControl | null;
  /** Fetches the source's endpoints once and says whether they answer as a status server should. */
  testSource(url: string): Promise<SourceTestResult>;
  /** The alert delivery loop; absent where the engine delivers no alerts (a viewer without the engine). */
  alerts?: AlertControl;
}
