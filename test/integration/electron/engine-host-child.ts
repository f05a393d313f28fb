import Conf from 'conf';
import { startDesktopEngine } from '../../../main/electron/engine-host/desktop-engine.js';
import { EngineHost } from '../../../main/electron/engine-host/engine-host.js';
import { hostLoggers } from '../../../main/electron/engine-host/host-loggers.js';
import { secretCodecFor, type HostToMain } from '../../../main/electron/engine-host/protocol.js';
import { ConfSettingsStore } from '../../../main/electron/settings/conf-settings-store.js';
import { SETTINGS_FILE_MODE } from '../../../main/electron/settings/settings-file-mode.js';
import { settingsMigrations, type SettingsRecord } from '../../../main/electron/settings/settings-migrations.js';

/**
 * The engine host as the utility process runs it, in a forked Node process (its own pid, like a
 * utility process, so a crash leaves a stale data-dir lock exactly as in the app). Settings go
 * through conf, which electron-store wraps, with the app's migrations and secret codec.
 */
const send = (message: HostToMain): void => {
  process.send?.(message);
};

const loggerFor = hostLoggers();

new EngineHost(
  { postMessage: send, onMessage: (listener) => process.on('message', listener) },
  {
    openSettings: (options, report) =>
      new ConfSettingsStore(
        new Conf<SettingsRecord>({ cwd: options.settingsDir, configName: 'settings', projectVersion: options.appVersion, migrations: settingsMigrations(report), configFileMode: SETTINGS_FILE_MODE }),
        report,
        secretCodecFor(options),
      ),
    startEngine: (settings, warn, desktop) => startDesktopEngine(settings, warn, loggerFor, desktop),
  },
).listen();
