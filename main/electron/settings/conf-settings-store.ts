import type Conf from 'conf';
import type { Settings } from '../../../shared/model/settings.js';
import {
  SettingsListeners,
  applySettingsPatch,
  settingsFromStored,
  validateSettingsPatch,
  type SettingsStore,
} from '../../settings/settings-store.js';
import { PLAIN_SECRET_CODEC, decodeSecrets, encodeSecrets, type SecretCodec } from '../../settings/secret-codec.js';
import { storedSettings, type SettingsRecord } from './settings-migrations.js';

/**
 * The desktop app's `SettingsStore` over electron-store (which is a `conf` underneath; tests use
 * `conf` directly, the app passes an electron-store). Reading and validating use the
 * shared rules of main/settings/settings-store.ts, so a setting means the same here and in the
 * headless settings file; conf adds atomic writes and versioned migrations.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly #store: Conf<SettingsRecord>;
  readonly #listeners = new SettingsListeners();
  readonly #secrets: SecretCodec;
  #settings: Settings;

  /** `secrets` encrypts channel secrets in the file (AES-256-GCM under the settings key in the app: main/settings/aes-gcm-secret-codec.ts). */
  constructor(store: Conf<SettingsRecord>, report: (problem: string) => void, secrets: SecretCodec = PLAIN_SECRET_CODEC) {
    this.#store = store;
    this.#secrets = secrets;
    const stored = decodeSecrets(storedSettings(store), secrets, (problem) => report(`${store.path}: ${problem}`));
    const { settings, problems } = settingsFromStored(stored);
    for (const problem of problems) report(`${store.path}: ${problem}`);
    this.#settings = settings;
  }

  get path(): string {
    return this.#store.path;
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  update(patch: unknown): Settings {
    const previous = this.#settings;
    const next = applySettingsPatch(previous, validateSettingsPatch(patch));
    // Written whole: the file always holds one complete, valid settings object.
    this.#store.set(encodeSecrets(next, this.#secrets) as SettingsRecord);
    this.#settings = next;
    this.#listeners.emit(structuredClone(next), structuredClone(previous));
    return structuredClone(next);
  }

  useForThisRun(patch: unknown): Settings {
    this.#settings = applySettingsPatch(this.#settings, validateSettingsPatch(patch));
    return structuredClone(this.#settings);
  }

  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    return this.#listeners.add(listener);
  }
}
