import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Settings } from '../../shared/model/settings.js';
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
}

/**
 * Headless settings: `settings.json` in the data directory. A missing file means defaults; an
 * unreadable or invalid one is reported and defaults are used for what is wrong — never a crash.
 * Writes go to a temporary file renamed over the old one, so a crash leaves either the old or the
 * new file, never half of one.
 */
export class JsonFileSettingsStore implements SettingsStore {
  readonly #file: string;
  readonly #listeners = new SettingsListeners();
  #settings: Settings;

  private constructor(file: string, settings: Settings) {
    this.#file = file;
    this.#settings = settings;
  }

  static open(dataDir: string, options: JsonFileSettingsOptions = {}): JsonFileSettingsStore {
    const file = join(dataDir, SETTINGS_FILE_NAME);
    const report = options.onProblem ?? (() => undefined);
    const { settings, problems } = settingsFromStored(readJson(file, report));
    for (const problem of problems) report(`${file}: ${problem}`);
    return new JsonFileSettingsStore(file, settings);
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
    writeAtomically(this.#file, `${JSON.stringify(next, null, 2)}\n`);
    this.#settings = next;
    this.#listeners.emit(structuredClone(next), structuredClone(previous));
    return structuredClone(next);
  }

  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    return this.#listeners.add(listener);
  }
}

/** The file's JSON, or an empty object (with a report) when it is missing, unreadable or not JSON. */
function readJson(file: string, report: (problem: string) => void): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); defaults used`);
    return {};
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    report(`${file}: not valid JSON (${(error as Error).message}); defaults used`);
    return {};
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
