import type Conf from 'conf';
import { settingsFromStored } from '../../settings/settings-store.js';

/**
 * electron-store migrations, keyed by the app version that introduced them (conf runs each one
 * once, in order, when the app is first started at or after that version).
 *
 * 0.1.0 is the baseline: whatever an earlier build or a hand edit left in the file is brought to
 * today's shape with the same rules the headless settings file uses — every valid key kept,
 * invalid ones back to their default, unknown ones dropped — so later migrations can rely on it.
 * A future migration renames or converts keys here; never edit a shipped one.
 */
export type SettingsRecord = Record<string, unknown>;

/** conf keeps its own bookkeeping under this key in the same file. */
export const CONF_INTERNAL_KEY = '__internal__';

export function storedSettings(store: Conf<SettingsRecord>): SettingsRecord {
  const { [CONF_INTERNAL_KEY]: _internal, ...settings } = store.store;
  return settings;
}

export function settingsMigrations(report: (problem: string) => void): Record<string, (store: Conf<SettingsRecord>) => void> {
  return {
    '0.1.0': (store) => {
      const { settings, problems } = settingsFromStored(storedSettings(store));
      for (const problem of problems) report(`settings migration 0.1.0: ${problem}`);
      store.store = { ...settings };
    },
  };
}
