import type { Status } from '../../shared/model/status.js';
import { MS_PER_SECOND } from '../../shared/defaults.js';
import type { HandlerContext, ImportControl } from '../handlers/context.js';
import type { HistoryReader } from '../queries/index.js';
import { testStatusSource } from '../handlers/test-source.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { databaseFile } from '../store/data-dir.js';
import { openDatabase, type SqliteDatabase } from '../store/sqlite/open-database.js';
import type { EngineEventHub } from './engine-events.js';

export interface EngineContextParts {
  dataDir: string;
  settings: SettingsStore;
  status(): Promise<Status>;
  hub: EngineEventHub;
  imports: ImportControl;
  /** The raw store, read for the dashboard's figures as of a past moment. */
  history: HistoryReader;
}

export interface EngineContext {
  readonly context: HandlerContext;
  /** Closes the context's own read-only connection. */
  close(): void;
}

/**
 * What every handler runs against, whichever adapter (HTTP API, desktop IPC) calls it: a
 * read-only connection of its own (WAL lets it read while the jobs write), the engine's status
 * and events, the settings and the import runner.
 */
export function createEngineContext(parts: EngineContextParts): EngineContext {
  const db: SqliteDatabase = openDatabase(databaseFile(parts.dataDir), { readonly: true });
  const context: HandlerContext = {
    db,
    status: parts.status,
    subscribe: (listener) => parts.hub.subscribe(listener),
    settings: parts.settings,
    imports: parts.imports,
    history: parts.history,
    testSource: (url) => testStatusSource(url, parts.settings.get().requestTimeoutSeconds * MS_PER_SECOND),
  };
  return { context, close: () => db.close() };
}
