import { chmodSync } from 'node:fs';
import { describeError } from '../../../shared/errors.js';

/** Only the owner may read or write the desktop settings file: it holds the alert channel secrets (in clear when there is no key store). */
export const SETTINGS_FILE_MODE = 0o600;

/**
 * Closes an existing settings file to everyone but its owner at once (conf writes new files with
 * SETTINGS_FILE_MODE; a file an earlier version wrote was readable by all). A failure is reported,
 * not fatal: the settings are still usable.
 */
export function restrictSettingsFile(file: string, report: (problem: string) => void): void {
  try {
    chmodSync(file, SETTINGS_FILE_MODE);
  } catch (error) {
    report(`${file}: could not make it readable by its owner only (${describeError(error)})`);
  }
}
