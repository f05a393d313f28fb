import type { Settings } from '../../../shared/model/settings.js';
import type { ScrapeOutcome } from '../../../shared/model/status.js';
import type { DesktopNotifier } from '../../alerts/channels/desktop.js';
import { PortInUseError } from '../../api/port-in-use-error.js';
import { LOOPBACK_HOST } from '../../../shared/defaults.js';
import { startEngine, type Engine, type EngineOptions } from '../../engine/engine.js';
import type { HandlerContext } from '../../handlers/context.js';
import type { Logger } from '../../logging/logger.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { prepareDataDir } from '../../store/data-dir.js';
import type { WatchObservation } from './protocol.js';
import { WatchObserver } from './watch-observer.js';

/**
 * The engine as the desktop app runs it: `startEngine` configured from the desktop settings
 * store. IPC requests are answered from the engine's own handler context — the one the local
 * API serves too — so the window works with or without the API.
 */
export interface DesktopEngine {
  readonly context: HandlerContext;
  /** The local API's address; null when it is not running. */
  readonly apiBaseUrl: string | null;
  /** Which watched addresses a scrape listed: the input of the notification rules. */
  observe(outcome: ScrapeOutcome, watched: readonly string[]): Promise<WatchObservation>;
  stop(): Promise<void>;
}

/** Settings whose change needs the engine started again (the rest are read when used). */
export const ENGINE_SETTING_KEYS = ['sourceUrl', 'intervalSeconds', 'requestTimeoutSeconds', 'dataDir', 'retentionDays', 'scrapeLogRetentionDays', 'apiPort'] as const satisfies readonly (keyof Settings)[];

export function needsEngineRestart(previous: Settings, next: Settings): boolean {
  return ENGINE_SETTING_KEYS.some((key) => previous[key] !== next[key]);
}

/**
 * Starts the engine the settings describe; its logger comes from `loggerFor(dataDir)`, so the log
 * file lives in the data directory the engine uses.
 */
export async function startDesktopEngine(
  settings: SettingsStore,
  warn: (message: string) => void,
  loggerFor: (dataDir: string) => Logger,
  desktopNotifier: DesktopNotifier,
): Promise<DesktopEngine> {
  const current = settings.get();
  const dataDir = prepareDataDir(current.dataDir === '' ? null : current.dataDir);
  const options: EngineOptions = {
    logger: loggerFor(dataDir),
    dataDir,
    source: current.sourceUrl,
    intervalSeconds: current.intervalSeconds,
    timeoutSeconds: current.requestTimeoutSeconds,
    retentionDays: current.retentionDays,
    scrapeLogRetentionDays: current.scrapeLogRetentionDays,
    apiPort: current.apiPort,
    settings,
    desktopNotifier,
  };
  const engine = await startEngineOnSomePort(options, warn);
  const observer = new WatchObserver(engine.rawStore, engine.db);
  return {
    context: engine.context,
    apiBaseUrl: engine.api?.url ?? null,
    observe: (outcome, watched) => observer.observe(outcome, watched),
    stop: () => engine.stop(),
  };
}

/**
 * The window talks over IPC, so a taken port must not keep the app from starting: the API moves
 * to a free port (shown in the app's links) until another is chosen in Settings.
 */
async function startEngineOnSomePort(options: EngineOptions, warn: (message: string) => void): Promise<Engine> {
  try {
    return await startEngine(options);
  } catch (error) {
    if (options.apiPort === 0 || !(error instanceof PortInUseError)) throw error;
    warn(`port ${error.port} on ${LOOPBACK_HOST} is already in use; the local API uses a free port until another is chosen in Settings`);
    return startEngine({ ...options, apiPort: 0 });
  }
}
