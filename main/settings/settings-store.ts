import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { checkAddress } from '../../shared/address.js';
import { AppError } from '../../shared/errors.js';
import { AlertChannelSchema, type AlertChannel } from '../../shared/model/alerts.js';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../shared/model/settings.js';
import { alertChannelProblem, duplicateChannelIdProblem, leftoverMaskProblem } from './alert-channel-rules.js';
import type { SecretStorage } from './secret-codec.js';
import { restoreMaskedSecrets } from './secret-mask.js';
import { dataDirProblem, dataDirWriteProblem, normalDataDir } from './data-dir-rules.js';

/**
 * Where the settings live: a JSON file in the data directory (headless) or electron-store
 * (desktop). Both hold the one shape of shared/model/settings.ts and validate with the same code
 * (below), so a setting means the same in both modes.
 */
export interface SettingsStore {
  get(): Settings;
  /** Validates the patch (AppError `bad_request` / `invalid_address` on a bad one), stores it, returns the result. */
  update(patch: unknown): Settings;
  /**
   * Applies a validated patch in memory only, for values this run uses but the store could not
   * save (its file is a folder, the disk is read-only): what is shown stays what is in use.
   */
  useForThisRun(patch: unknown): Settings;
  /** Called after every successful update; returns the unsubscribe. */
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void;
  /** How the alert channel secrets are kept in this store's file. */
  readonly secretStorage: SecretStorage;
}

type SettingsKey = keyof Settings;
const SETTINGS_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingsKey[];

/** A settings patch as accepted from outside: unknown keys are refused, a typo must not be silently ignored. */
export const SettingsPatchInput = Type.Object(SettingsPatchSchema.properties, { additionalProperties: false });
const patchValidator = Compile(SettingsPatchInput);
const valueValidators = new Map(
  SETTINGS_KEYS.map((key) => [key, Compile(SettingsSchema.properties[key])] as const),
);

/** The first reason a value does not fit, as "where: what". */
function firstError(errors: Iterable<{ instancePath: string; message: string }>): string {
  for (const error of errors) return `${error.instancePath || 'settings'}: ${error.message}`;
  return 'settings: invalid';
}

/** Checks what the schema cannot express: watched addresses are real addresses, origins are bare origins. */
function checkSemantics(patch: SettingsPatch): void {
  if (patch.sourceUrl !== undefined && !/^https?:\/\//i.test(patch.sourceUrl)) {
    throw new AppError('bad_request', '/sourceUrl: must be an http:// or https:// URL');
  }
  const folderProblem = patch.dataDir === undefined ? null : dataDirProblem(patch.dataDir);
  if (folderProblem !== null) throw new AppError('bad_request', `/dataDir: ${folderProblem}`);
  if (patch.apiPort !== undefined && patch.apiPort !== 0 && patch.apiPort < MIN_API_PORT) {
    throw new AppError('bad_request', `/apiPort: must be from ${MIN_API_PORT} to 65535 (lower ports belong to system services), or 0 for any free port`);
  }
  patch.watchedAddresses?.forEach((address, index) => {
    const check = checkAddress(address);
    if (!check.ok) throw new AppError('invalid_address', `/watchedAddresses/${index}: ${check.detail}`);
  });
  patch.corsOrigins?.forEach((origin, index) => {
    if (!isBareOrigin(origin)) {
      throw new AppError('bad_request', `/corsOrigins/${index}: must be an origin such as http://localhost:8080 (scheme, host, optional port; no path)`);
    }
  });
  if (patch.alertChannels !== undefined) {
    const problem =
      duplicateChannelIdProblem(patch.alertChannels) ??
      patch.alertChannels.reduce<string | null>((found, channel, index) => found ?? alertChannelProblem(channel, `/alertChannels/${index}`), null);
    if (problem !== null) throw new AppError('bad_request', problem);
  }
}

/** Ports below this are the system's (ssh is 22); the API never asks for one. */
const MIN_API_PORT = 1024;

export function isBareOrigin(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}

/** Validates a patch from outside (HTTP body, IPC argument); throws an AppError that says what and where. */
export function validateSettingsPatch(patch: unknown): SettingsPatch {
  if (!patchValidator.Check(patch)) throw new AppError('bad_request', firstError(patchValidator.Errors(patch)));
  checkSemantics(patch);
  if (patch.dataDir === undefined || patch.dataDir === '') return patch;
  // A new folder from outside must be usable now; a stored one that no longer is gets its clear
  // error when the engine starts in it, and stays changeable from the window.
  const dataDir = normalDataDir(patch.dataDir);
  const writeProblem = dataDirWriteProblem(dataDir);
  if (writeProblem !== null) throw new AppError('bad_request', `/dataDir: ${writeProblem}`);
  return { ...patch, dataDir };
}

/**
 * Applies a validated patch; watched addresses keep their order without duplicates, and a channel
 * secret sent back masked (as GET shows it) keeps the stored secret. A mask with no stored secret
 * behind it is refused (AppError `bad_request`).
 */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const restored = restoreMaskedSecrets(patch, current) as SettingsPatch;
  const leftover = restored.alertChannels === undefined ? null : leftoverMaskProblem(restored.alertChannels);
  if (leftover !== null) throw new AppError('bad_request', leftover);
  const next: Settings = { ...current, ...restored };
  next.watchedAddresses = [...new Set(next.watchedAddresses)];
  return next;
}

/**
 * Reads stored settings of unknown quality: every valid key is kept, every invalid or missing key
 * falls back to its default, and each problem is reported (never thrown) so a hand-edited file
 * with one typo still starts the app with the rest of its settings.
 */
export function settingsFromStored(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: structuredClone(DEFAULT_SETTINGS), problems: ['the settings are not a JSON object; defaults used'] };
  }
  const record = raw as Record<string, unknown>;
  const settings: Record<string, unknown> = structuredClone(DEFAULT_SETTINGS);
  for (const key of SETTINGS_KEYS) {
    if (!(key in record)) continue;
    const value = key === 'alertChannels' ? usableStoredChannels(record[key], problems) : record[key];
    const validator = valueValidators.get(key)!;
    if (!validator.Check(value)) {
      problems.push(`${key}: ${firstError(validator.Errors(value)).replace(/^settings: /, '')}; default used`);
      continue;
    }
    settings[key] = keepSemanticallyValid(key, value, problems);
  }
  for (const key of Object.keys(record)) {
    if (!SETTINGS_KEYS.includes(key as SettingsKey)) problems.push(`${key}: unknown setting, ignored`);
  }
  return { settings: settings as Settings, problems };
}

const channelValidator = Compile(AlertChannelSchema);

/**
 * The stored alert channels that are valid, each bad one reported and dropped alone (a hand-edited
 * channel with a typo must not take the others with it), and a repeated id dropped after its first.
 */
function usableStoredChannels(value: unknown, problems: string[]): unknown {
  if (!Array.isArray(value)) return value;
  const ids = new Set<string>();
  return value.filter((item: unknown, index) => {
    const problem = channelValidator.Check(item)
      ? (ids.has(item.id) ? `${JSON.stringify(item.id)} is used by another channel` : (alertChannelProblem(item, '') ?? leftoverMaskProblem([item])))
      : firstError(channelValidator.Errors(item)).replace(/^settings: /, '');
    if (problem !== null) {
      problems.push(`alertChannels/${index}${problem.startsWith('/') ? '' : ': '}${problem}; dropped`);
      return false;
    }
    ids.add((item as AlertChannel).id);
    return true;
  });
}

/** Drops the bad items of list settings (reporting each) and keeps the rest; scalar settings fall back to the default. */
function keepSemanticallyValid(key: SettingsKey, value: unknown, problems: string[]): unknown {
  if (key === 'watchedAddresses' || key === 'corsOrigins') {
    return (value as string[]).filter((item, index) => {
      try {
        checkSemantics({ [key]: [item] });
        return true;
      } catch (error) {
        problems.push(`${key}/${index}: ${(error as Error).message.replace(/^\/\w+\/0: /, '')}; dropped`);
        return false;
      }
    });
  }
  try {
    checkSemantics({ [key]: value });
    return key === 'dataDir' ? normalDataDir(value as string) : value;
  } catch (error) {
    problems.push(`${(error as Error).message}; default used`);
    return structuredClone(DEFAULT_SETTINGS[key]);
  }
}

/** A listener list shared by the implementations. */
export class SettingsListeners {
  readonly #listeners = new Set<(settings: Settings, previous: Settings) => void>();

  add(listener: (settings: Settings, previous: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(settings: Settings, previous: Settings): void {
    for (const listener of this.#listeners) listener(settings, previous);
  }
}
