import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_SECRET_PREFIX, aesGcmSecretCodec } from '../../../main/settings/aes-gcm-secret-codec.js';
import { decodeSecrets } from '../../../main/settings/secret-codec.js';

const key = randomBytes(32);
const secret = 'smtp-pässword ✉ 0123456789';

/** The stored value with one byte of its packed iv | tag | ciphertext flipped. */
function flipByte(stored: string, index: number): string {
  const packed = Buffer.from(stored.slice(ENCRYPTED_SECRET_PREFIX.length), 'base64');
  packed[index] = packed[index]! ^ 0x01;
  return `${ENCRYPTED_SECRET_PREFIX}${packed.toString('base64')}`;
}

describe('the AES-256-GCM secret codec', () => {
  it('round-trips a secret, never in clear, with a fresh IV each time', () => {
    const codec = aesGcmSecretCodec(key);
    const first = codec.encode(secret);
    const second = codec.encode(secret);
    expect(first.startsWith(ENCRYPTED_SECRET_PREFIX)).toBe(true);
    expect(first).not.toContain('0123456789');
    expect(first).not.toBe(second);
    expect(codec.decode(first)).toBe(secret);
    expect(codec.decode(second)).toBe(secret);
    expect(codec.decode(codec.encode(''))).toBe('');
  });

  it('refuses a changed IV, tag or ciphertext, and a truncated value', () => {
    const codec = aesGcmSecretCodec(key);
    const stored = codec.encode(secret);
    for (const index of [0, 12, 28]) expect(() => codec.decode(flipByte(stored, index))).toThrow('encrypted with another key, or changed since');
    expect(() => codec.decode(`${ENCRYPTED_SECRET_PREFIX}AAAA`)).toThrow('the encrypted value is truncated');
  });

  it('refuses a value encrypted with another key', () => {
    const stored = aesGcmSecretCodec(randomBytes(32)).encode(secret);
    expect(() => aesGcmSecretCodec(key).decode(stored)).toThrow('encrypted with another key, or changed since');
  });

  it('reads a value an earlier version stored in clear as it is', () => {
    expect(aesGcmSecretCodec(key).decode('https://example.test/hooks/abc')).toBe('https://example.test/hooks/abc');
  });

  it('says whether the secrets are encrypted, and without a key why they are not', () => {
    expect(aesGcmSecretCodec(key).storage).toEqual({ encrypted: true, description: expect.stringContaining('AES-256-GCM') });
    const keyless = aesGcmSecretCodec(null, 'no keyring is running');
    expect(keyless.storage).toEqual({ encrypted: false, description: expect.stringMatching(/^stored in clear, .*\(0600\): no keyring is running$/) });
  });

  it('without a key writes in clear and says an encrypted value cannot be read', () => {
    const keyless = aesGcmSecretCodec(null);
    expect(keyless.encode(secret)).toBe(secret);
    expect(() => keyless.decode(aesGcmSecretCodec(key).encode(secret))).toThrow('the settings key cannot be read');
  });

  it('refuses a key of the wrong length', () => {
    expect(() => aesGcmSecretCodec(randomBytes(16))).toThrow('the settings key must be 32 bytes, not 16');
  });

  it('names the field whose secret cannot be decrypted, leaves its channel out (never unsigned), and keeps the others', () => {
    const codec = aesGcmSecretCodec(key);
    const stored = {
      alertChannels: [
        { id: 'a', kind: 'webhook', url: codec.encode('https://example.test/a'), hmacSecret: flipByte(codec.encode('hmac'), 30) },
        { id: 'b', kind: 'ntfy', url: 'https://ntfy.test/topic', token: codec.encode('tok') },
      ],
    };
    const problems: string[] = [];
    const decoded = decodeSecrets(stored, codec, (problem) => problems.push(problem));
    expect(decoded).toEqual({ alertChannels: [{ id: 'b', kind: 'ntfy', url: 'https://ntfy.test/topic', token: 'tok' }] });
    expect(problems).toEqual([
      'alertChannels/0/hmacSecret: the stored secret cannot be decrypted (it was encrypted with another key, or changed since); the channel is left out: add it again in Settings',
    ]);
  });
});
