import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { describeError } from '../../../shared/errors.js';
import { SECRET_KEY_BYTES } from '../../settings/aes-gcm-secret-codec.js';

/** What the key file uses of Electron's safeStorage (main process only), a parameter so it runs under Node in tests. */
export type SafeStoragePort = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** The key file in Electron's userData folder, next to settings.json. */
export const SETTINGS_KEY_FILE = 'settings-key';

/** The settings key (base64, for the engine host's start message), or null with the reason secrets are stored in clear (`missing`). */
export type SettingsKey = { key: string; note: string } | { key: null; note: string; missing: string };

/**
 * Why safeStorage cannot protect the key here, or null when it can. On Linux without a keyring
 * Electron falls back to a hard-coded password ('basic_text'): that is no protection, and saying
 * the secrets are encrypted would be a lie.
 */
function keyStoreMissing(safeStorage: SafeStoragePort, platform: NodeJS.Platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return "the operating system's key store is not available";
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no keyring (GNOME Keyring or KWallet) is running, and Electron would only obfuscate the key';
  }
  return null;
}

function readKey(file: string, safeStorage: SafeStoragePort): Buffer {
  const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`it holds ${key.length} bytes, not ${SECRET_KEY_BYTES}`);
  return key;
}

/** A new random key, written encrypted (0600, through a temporary file so a crash leaves no half key). */
function createKey(file: string, safeStorage: SafeStoragePort): Buffer {
  const key = randomBytes(SECRET_KEY_BYTES);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
  renameSync(temporary, file);
  return key;
}

/**
 * The key the engine host encrypts alert channel secrets with: `<userData>/settings-key`, a
 * random 32-byte key encrypted with safeStorage, created on the first start. Main process, after
 * `ready` (safeStorage needs it). Without a key store, or when the file cannot be decrypted (it
 * is then kept as it is, never replaced: the secrets it protects may still be read once the key
 * store is back), the result is null and `note` says why.
 */
export function loadSettingsKey(directory: string, safeStorage: SafeStoragePort, platform: NodeJS.Platform): SettingsKey {
  const file = join(directory, SETTINGS_KEY_FILE);
  const clear = (why: string): SettingsKey => ({ key: null, note: `alert channel secrets are stored in clear in a settings file only you can read (0600): ${why}`, missing: why });
  const missing = keyStoreMissing(safeStorage, platform);
  if (missing !== null) return clear(missing);
  try {
    const fresh = !existsSync(file);
    const key = fresh ? createKey(file, safeStorage) : readKey(file, safeStorage);
    return { key: key.toString('base64'), note: `alert channel secrets are encrypted with the key in ${file}${fresh ? ' (created now)' : ''}` };
  } catch (error) {
    return clear(`${file} could not be ${existsSync(file) ? 'decrypted' : 'written'} (${describeError(error)})`);
  }
}
