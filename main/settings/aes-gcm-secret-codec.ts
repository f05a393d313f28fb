import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCodec } from './secret-codec.js';

/** Bytes of an AES-256 key. */
export const SECRET_KEY_BYTES = 32;
/** GCM's recommended nonce length; a fresh random one per value, so equal secrets never look equal. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Marks an encrypted value; a value without it was written in clear (by an earlier version, or by hand). */
export const ENCRYPTED_SECRET_PREFIX = 'aes256gcm:';

function encrypt(key: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${ENCRYPTED_SECRET_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

function decrypt(key: Buffer, stored: string): string {
  const packed = Buffer.from(stored.slice(ENCRYPTED_SECRET_PREFIX.length), 'base64');
  if (packed.length < IV_BYTES + TAG_BYTES) throw new Error('the encrypted value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
  decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell the two apart: its tag fails either way.
    throw new Error('it was encrypted with another key, or changed since');
  }
}

/**
 * Channel secrets encrypted with AES-256-GCM under `key` (the desktop app's settings key, kept
 * encrypted by the operating system's key store: main/electron/settings/settings-key.ts). Stored
 * as `aes256gcm:<base64 of iv | tag | ciphertext>`. A value in clear (written by an earlier
 * version) is read as it is and encrypted on the next save. With no key (no key store on this
 * machine) secrets are written in clear, and an encrypted value cannot be read.
 */
export function aesGcmSecretCodec(key: Buffer | null, withoutKey = "the operating system's key store is not available"): SecretCodec {
  if (key !== null && key.length !== SECRET_KEY_BYTES) throw new Error(`the settings key must be ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
  return {
    storage:
      key === null
        ? { encrypted: false, description: `stored in clear, in a settings file only its owner may read (0600): ${withoutKey}` }
        : { encrypted: true, description: "encrypted (AES-256-GCM) with a key that the operating system's key store protects" },
    encode: (plain) => (key === null ? plain : encrypt(key, plain)),
    decode(stored) {
      if (!stored.startsWith(ENCRYPTED_SECRET_PREFIX)) return stored;
      if (key === null) throw new Error("it is encrypted and the settings key cannot be read (the operating system's key store is not available)");
      return decrypt(key, stored);
    },
  };
}
