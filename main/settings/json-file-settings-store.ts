import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { Settings } from '../../shared/model/settings.js';
import { describeFileProblem, keepAside } from './keep-aside.js';
import { PLAIN_SECRET_CODEC, decodeSecrets, encodeSecrets, type SecretCodec, type SecretStorage } from './secret-codec.js';
import {
  SettingsListeners,
  applySettingsPatch,
  settingsFromStored,
  validateSettingsPatch,
  type SettingsStore,
} from './settings-store.js';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface JsonFileSettingsOptions {
  /** Told about every problem found in the file (invalid keys fall back to defaults). */
  onProblem?: (problem: string) => void;
  /** How channel secrets are written (default: as they are; the file is written 0600 either way). */
  secrets?: SecretCodec;
}

/** What was wrong with the file as read, when it must be kept aside before it is replaced. */
type Stored = { raw: unknown; keepBeforeWrite: boolean };

/**
 * Headless settings: `settings.json` in the data directory. A missing file means defaults; an
 * unreadable or invalid one is reported and defaults are used for what is wrong — never a crash.
 * The user's file is never lost: one that is not JSON is moved aside at once, one with bad values
 * is moved aside before the first write would replace it (both as `settings.json.broken-<time>`,
 * and the report says where). Writes go to a temporary file renamed over the old one, so a crash
 * leaves either the old or the new file; a write that fails leaves the settings in use unchanged.
 */
export class JsonFileSettingsStore implements SettingsStore {
  readonly #file: string;
  readonly #listeners = new SettingsListeners();
  readonly #report: (problem: string) => void;
  readonly #secrets: SecretCodec;
  #settings: Settings;
  #keepBeforeWrite: boolean;

  private constructor(file: string, settings: Settings, keepBeforeWrite: boolean, report: (problem: string) => void, secrets: SecretCodec) {
    this.#file = file;
    this.#secrets = secrets;
    this.#settings = settings;
    this.#keepBeforeWrite = keepBeforeWrite;
    this.#report = report;
  }

  get secretStorage(): SecretStorage {
    return this.#secrets.storage;
  }

  static open(dataDir: string, options: JsonFileSettingsOptions = {}): JsonFileSettingsStore {
    const file = join(dataDir, SETTINGS_FILE_NAME);
    const report = options.onProblem ?? (() => undefined);
    const secrets = options.secrets ?? PLAIN_SECRET_CODEC;
    const stored = readStored(file, report);
    const undecodable: string[] = [];
    const { settings, problems } = settingsFromStored(decodeSecrets(stored.raw, secrets, (problem) => undecodable.push(problem)));
    for (const problem of [...undecodable, ...problems]) report(`${file}: ${problem}`);
    // A channel left out for its secret is in the file only: kept aside before a write drops it.
    return new JsonFileSettingsStore(file, settings, stored.keepBeforeWrite || undecodable.length + problems.length > 0, report, secrets);
  }

  get file(): string {
    return this.#file;
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  update(patch: unknown): Settings {
    const valid = validateSettingsPatch(patch);
    const previous = this.#settings;
    const next = applySettingsPatch(previous, valid);
    this.#write(`${JSON.stringify(encodeSecrets(next, this.#secrets), null, 2)}\n`);
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

  #write(text: string): void {
    try {
      if (this.#keepBeforeWrite) {
        this.#report(`${this.#file}: the file as it was is kept as ${keepAside(this.#file)}`);
        this.#keepBeforeWrite = false;
      }
      writeAtomically(this.#file, text);
    } catch (error) {
      throw new AppError(
        'conflict',
        `the settings cannot be saved to ${this.#file}: ${describeFileProblem(error)}. The settings in use are unchanged; fix the file or folder, or start with another --data folder.`,
      );
    }
  }
}

/**
 * The file's JSON, or an empty object (with a report) when it is missing, unreadable or not JSON.
 * A file that is not JSON is moved aside at once: nothing of it can be used, and the next write
 * must not replace it.
 */
function readStored(file: string, report: (problem: string) => void): Stored {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report(`${file}: cannot be read (${describeFileProblem(error)}); defaults used`);
    return { raw: {}, keepBeforeWrite: false };
  }
  try {
    return { raw: JSON.parse(text) as unknown, keepBeforeWrite: false };
  } catch (error) {
    try {
      report(`${file}: not valid JSON (${(error as Error).message}); moved to ${keepAside(file)}, defaults used`);
      return { raw: {}, keepBeforeWrite: false };
    } catch (moveError) {
      report(`${file}: not valid JSON (${(error as Error).message}) and cannot be moved aside (${describeFileProblem(moveError)}); defaults used`);
      return { raw: {}, keepBeforeWrite: true };
    }
  }
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
