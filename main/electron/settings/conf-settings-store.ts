import type Conf from 'conf';
import type { Settings } from '../../../shared/model/settings.js';
import {
  SettingsListeners,
  applySettingsPatch,
  settingsFromStored,
  validateSettingsPatch,
  type SettingsStore,
} from '../../settings/settings-store.js';
import { PLAIN_SECRET_CODEC, decodeSecrets, encodeSecrets, type SecretCodec, type SecretStorage } from '../../settings/secret-codec.js';
import { describeFileProblem, keepCopy } from '../../settings/keep-aside.js';
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
  readonly #report: (problem: string) => void;
  #settings: Settings;
  /** The file had something this store could not use (a bad value, a secret it cannot decrypt): copied aside before the first write replaces it. */
  #keepBeforeWrite: boolean;

  /** `secrets` encrypts channel secrets in the file (AES-256-GCM under the settings key in the app: main/settings/aes-gcm-secret-codec.ts). */
  get secretStorage(): SecretStorage {
    return this.#secrets.storage;
  }

  constructor(store: Conf<SettingsRecord>, report: (problem: string) => void, secrets: SecretCodec = PLAIN_SECRET_CODEC) {
    this.#store = store;
    this.#secrets = secrets;
    this.#report = report;
    const undecodable: string[] = [];
    const { settings, problems } = settingsFromStored(decodeSecrets(storedSettings(store), secrets, (problem) => undecodable.push(problem)));
    for (const problem of [...undecodable, ...problems]) report(`${store.path}: ${problem}`);
    this.#settings = settings;
    this.#keepBeforeWrite = undecodable.length + problems.length > 0;
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
    this.#keepAsItWas();
    // Written whole: the file always holds one complete, valid settings object.
    this.#store.set(encodeSecrets(next, this.#secrets) as SettingsRecord);
    this.#settings = next;
    this.#listeners.emit(structuredClone(next), structuredClone(previous));
    return structuredClone(next);
  }

  /** A copy, not a move: conf reads the file again on each write. A copy that fails is reported and the save goes on. */
  #keepAsItWas(): void {
    if (!this.#keepBeforeWrite) return;
    this.#keepBeforeWrite = false;
    try {
      this.#report(`${this.#store.path}: the file as it was is kept as ${keepCopy(this.#store.path)}`);
    } catch (error) {
      this.#report(`${this.#store.path}: the file as it was could not be kept (${describeFileProblem(error)})`);
    }
  }

  useForThisRun(patch: unknown): Settings {
    this.#settings = applySettingsPatch(this.#settings, validateSettingsPatch(patch));
    return structuredClone(this.#settings);
  }

  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    return this.#listeners.add(listener);
  }
}
