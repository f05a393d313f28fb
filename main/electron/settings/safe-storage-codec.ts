import type { SafeStorage } from 'electron';
import type { SecretCodec } from '../../settings/secret-codec.js';

/** What the codec uses of Electron's safeStorage, taken as a parameter so it runs under Node in tests. */
export type SafeStoragePort = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

/** Marks a value safeStorage encrypted; a value without it was written in plain text (by hand, or headless) and is read as it is. */
const ENCRYPTED_PREFIX = 'safeStorage:';

/**
 * Channel secrets in the desktop settings, encrypted with the operating system's key store
 * (Keychain, DPAPI, libsecret/kwallet) through Electron's safeStorage and written as base64. A
 * plain value (a file copied from a headless install) is read and encrypted on the next save.
 */
export function safeStorageCodec(safeStorage: SafeStoragePort): SecretCodec {
  return {
    description: "encrypted with the operating system's key store (Electron safeStorage)",
    encode(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new Error("the operating system's key store is not available, so alert channel secrets cannot be stored encrypted");
      }
      return `${ENCRYPTED_PREFIX}${safeStorage.encryptString(plain).toString('base64')}`;
    },
    decode(stored) {
      if (!stored.startsWith(ENCRYPTED_PREFIX)) return stored;
      return safeStorage.decryptString(Buffer.from(stored.slice(ENCRYPTED_PREFIX.length), 'base64'));
    },
  };
}
