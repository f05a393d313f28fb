import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ElectronStore from 'electron-store';
import { describeError } from '../../../shared/errors.js';
import { keepAside } from '../../settings/keep-aside.js';
import type { SecretCodec } from '../../settings/secret-codec.js';
import { ConfSettingsStore } from './conf-settings-store.js';
import { addDesktopChannelToFreshInstall } from './desktop-channel-default.js';
import { SETTINGS_FILE_MODE, restrictSettingsFile } from './settings-file-mode.js';
import { settingsMigrations, type SettingsRecord } from './settings-migrations.js';

export const SETTINGS_STORE_NAME = 'settings';

/**
 * Opens the desktop settings (`settings.json` in Electron's userData folder) with electron-store.
 * A file that is not JSON at all is moved aside (kept for the user, never deleted) and the app
 * starts with defaults; a file with some bad values keeps the good ones (ConfSettingsStore). A
 * fresh install starts with the desktop alert channel enabled. Channel secrets are written by
 * `secrets` (encrypted under the settings key, main/electron/settings/settings-key.ts, or in clear
 * without one), and the file is 0600 either way.
 */
export function openElectronSettings(directory: string, appVersion: string, secrets: SecretCodec, report: (problem: string) => void): ConfSettingsStore {
  // electron-store reads the app version from `app`, which a utility process does not have; its
  // types hide `projectVersion`, but it passes it on to conf, whose migrations need it.
  const options = { cwd: directory, name: SETTINGS_STORE_NAME, projectVersion: appVersion, migrations: settingsMigrations(report), configFileMode: SETTINGS_FILE_MODE };
  const open = (): ElectronStore<SettingsRecord> => new ElectronStore<SettingsRecord>(options);
  const file = join(directory, `${SETTINGS_STORE_NAME}.json`);
  const fresh = !existsSync(file);
  if (!fresh) restrictSettingsFile(file, report);
  let store: ConfSettingsStore;
  try {
    store = new ConfSettingsStore(open(), report, secrets);
  } catch (error) {
    report(`${file} could not be read (${describeError(error)}); moved to ${keepAside(file)}, defaults used`);
    store = new ConfSettingsStore(open(), report, secrets);
  }
  addDesktopChannelToFreshInstall(store, fresh);
  return store;
}
