import type { AddressInfo } from 'node:net';
import type { EngineEvent } from '../../shared/model/events.js';
import type { Status } from '../../shared/model/status.js';
import type { HandlerContext, ImportControl } from '../handlers/context.js';
import { testStatusSource } from '../handlers/test-source.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { databaseFile } from '../store/data-dir.js';
import { openDatabase } from '../store/sqlite/open-database.js';
import { startApiServer, type ApiServerOptions } from './server.js';

export interface EngineApiOptions {
  dataDir: string;
  port: number;
  rendererDir: string | null;
  logLevel?: ApiServerOptions['logLevel'];
  settings: SettingsStore;
  status(): Promise<Status>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
  imports: ImportControl | null;
}

export interface EngineApi {
  readonly url: string;
  readonly port: number;
  /** The socket address actually bound (always 127.0.0.1). */
  readonly address: AddressInfo;
  /** What the routes use; the desktop's IPC adapter can serve from the same context. */
  readonly context: HandlerContext;
  close(): Promise<void>;
}

/**
 * The local API as the engine starts it: its own read-only connection to the store (WAL lets it
 * read while the jobs write), the engine's status and events, the settings store and the import
 * runner. A port already in use is a clear error, not a stack trace.
 */
export async function startEngineApi(options: EngineApiOptions): Promise<EngineApi> {
  const db = openDatabase(databaseFile(options.dataDir), { readonly: true });
  const context: HandlerContext = {
    db,
    status: options.status,
    subscribe: options.subscribe,
    settings: options.settings,
    imports: options.imports,
    testSource: (url) => testStatusSource(url, options.settings.get().requestTimeoutSeconds * 1000),
  };
  try {
    const server = await startApiServer(context, { port: options.port, rendererDir: options.rendererDir, logLevel: options.logLevel ?? 'info' });
    return {
      url: server.url,
      port: server.port,
      address: server.address,
      context,
      async close() {
        await server.close();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} on 127.0.0.1 is already in use: choose another with --port (0 picks a free one)`);
    }
    throw error;
  }
}
