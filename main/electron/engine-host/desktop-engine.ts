import type { Settings } from '../../../shared/model/settings.js';
import { startApiServer, type ApiServer } from '../../api/server.js';
import { startEngine, type Engine } from '../../engine/engine.js';
import type { HandlerContext } from '../../handlers/context.js';
import { testStatusSource } from '../../handlers/test-source.js';
import type { SettingsStore } from '../../settings/settings-store.js';

/**
 * The engine as the desktop app runs it: engineer A's `startEngine` (collector, store, jobs) from
 * the settings, the handler context engineer D's handlers need, and the local API on loopback.
 * This is the one place that knows how the engine is composed for the desktop.
 */
export interface DesktopEngine {
  readonly engine: Engine;
  readonly context: HandlerContext;
  /** Null when the API could not bind its port; the app still works over IPC. */
  readonly apiBaseUrl: string | null;
  stop(): Promise<void>;
}

/** Settings whose change needs the engine started again (the rest are read when used). */
export const ENGINE_SETTING_KEYS = ['sourceUrl', 'intervalSeconds', 'requestTimeoutSeconds', 'dataDir', 'retentionDays', 'apiPort'] as const satisfies readonly (keyof Settings)[];

export function needsEngineRestart(previous: Settings, next: Settings): boolean {
  return ENGINE_SETTING_KEYS.some((key) => previous[key] !== next[key]);
}

export async function startDesktopEngine(settings: SettingsStore, warn: (message: string) => void): Promise<DesktopEngine> {
  const current = settings.get();
  const engine = await startEngine({
    dataDir: current.dataDir === '' ? null : current.dataDir,
    source: current.sourceUrl,
    intervalSeconds: current.intervalSeconds,
    timeoutSeconds: current.requestTimeoutSeconds,
    retentionDays: current.retentionDays,
  });
  const context: HandlerContext = {
    db: engine.db,
    status: () => engine.status(),
    subscribe: (listener) => engine.hub.subscribe(listener),
    settings,
    imports: null,
    testSource: (url) => testStatusSource(url, settings.get().requestTimeoutSeconds * 1000),
  };
  let api: ApiServer | null = null;
  try {
    // The window talks over IPC; the API is for links, scripts and the browser, so a taken port is a warning.
    api = await startApiServer(context, { port: current.apiPort, rendererDir: null, logLevel: false });
  } catch (error) {
    warn(`the local API could not listen on 127.0.0.1:${current.apiPort} (${error instanceof Error ? error.message : String(error)}); change the port in Settings`);
  }
  return {
    engine,
    context,
    apiBaseUrl: api?.url ?? null,
    stop: async () => {
      await api?.close();
      await engine.stop();
    },
  };
}
