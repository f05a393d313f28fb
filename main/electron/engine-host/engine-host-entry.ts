import { openElectronSettings } from '../settings/electron-settings-store.js';
import { startDesktopEngine } from './desktop-engine.js';
import { EngineHost } from './engine-host.js';
import { hostLoggers } from './host-loggers.js';
import { secretCodecFor, type HostToMain } from './protocol.js';

/**
 * Entry of the engine's Electron utility process (built to out/main/engine-host.js). Scraping,
 * SQLite and the local API run here, so a slow query or a big import never freezes the window.
 */
const parentPort = process.parentPort;

process.on('uncaughtException', (error) => {
  parentPort.postMessage({ type: 'log', level: 'error', message: `engine crashed: ${error.stack ?? error.message}` } satisfies HostToMain);
  // The supervisor in the main process restarts the engine with backoff.
  process.exit(1);
});

const loggerFor = hostLoggers();

new EngineHost(
  {
    postMessage: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
  },
  {
    openSettings: (options, report) => openElectronSettings(options.settingsDir, options.appVersion, secretCodecFor(options), report),
    startEngine: (settings, warn, desktop) => startDesktopEngine(settings, warn, loggerFor, desktop),
  },
).listen();
