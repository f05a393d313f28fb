import type { Settings } from '../../../shared/model/settings.js';
import { startEngine, type Engine, type EngineOptions } from '../../engine/engine.js';
import type { HandlerContext } from '../../handlers/context.js';
import type { SettingsStore } from '../../settings/settings-store.js';

/**
 * The engine as the desktop app runs it: engineer A's `startEngine` (collector, store, jobs,
 * imports, local API on loopback) configured from the desktop settings store, and the API's
 * handler context, which the IPC requests are answered from — the same context the HTTP routes use.
 */
export interface DesktopEngine {
  readonly engine: Engine;
  readonly context: HandlerContext;
  readonly apiBaseUrl: string;
  stop(): Promise<void>;
}

/** Settings whose change needs the engine started again (the rest are read when used). */
export const ENGINE_SETTING_KEYS = ['sourceUrl', 'intervalSeconds', 'requestTimeoutSeconds', 'dataDir', 'retentionDays', 'apiPort'] as const satisfies readonly (keyof Settings)[];

export function needsEngineRestart(previous: Settings, next: Settings): boolean {
  return ENGINE_SETTING_KEYS.some((key) => previous[key] !== next[key]);
}

/** The engine's API start reports a taken port in words (main/api/engine-api.ts); nothing else says "already in use". */
function isPortTaken(error: unknown): boolean {
  return error instanceof Error && /already in use/.test(error.message);
}

export async function startDesktopEngine(settings: SettingsStore, warn: (message: string) => void): Promise<DesktopEngine> {
  const current = settings.get();
  const options: EngineOptions = {
    dataDir: current.dataDir === '' ? null : current.dataDir,
    source: current.sourceUrl,
    intervalSeconds: current.intervalSeconds,
    timeoutSeconds: current.requestTimeoutSeconds,
    retentionDays: current.retentionDays,
    apiPort: current.apiPort,
    apiLogLevel: false,
    settings,
  };
  let engine: Engine;
  try {
    engine = await startEngine(options);
  } catch (error) {
    // The window talks over IPC, so a taken port must not keep the app from starting: the API
    // moves to a free port (shown in the app's links) until another is chosen in Settings.
    if (current.apiPort === 0 || !isPortTaken(error)) throw error;
    warn(`${(error as Error).message}; the local API uses a free port for now`);
    engine = await startEngine({ ...options, apiPort: 0 });
  }
  const api = engine.api;
  if (api === null) {
    await engine.stop();
    throw new Error('the engine started without its local API, which the desktop app serves from');
  }
  return { engine, context: api.context, apiBaseUrl: api.url, stop: () => engine.stop() };
}
