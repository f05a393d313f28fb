import { sha256 } from '@noble/hashes/sha2.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Version bytes of the addresses the status server accepts: P2PKH (0x00) and P2SH (0x05). */
const ACCEPTED_VERSIONS = new Set([0x00, 0x05]);
const DECODED_LENGTH = 25;

export type AddressProblem =
  | 'not a string'
  | 'empty'
  | 'too long'
  | 'invalid character'
  | 'wrong length'
  | 'unsupported version'
  | 'bad checksum';

export type AddressCheck = { ok: true } | { ok: false; problem: AddressProblem; detail: string };

/** Decodes base58 into bytes, or returns the index of the first character outside the alphabet. */
function decodeBase58(text: string): Uint8Array | number {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? DIGIT[code]! : -1;
    if (digit < 0) return i;
    let carry = digit;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < text.length && text[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

/**
 * Checks a farmer address the way the status server does: base58check, 25 bytes decoded,
 * version 0x00 or 0x05, and the first four bytes of the double SHA-256 as checksum.
 * Pure and synchronous so the renderer can explain a typo while the user types.
 */
export function checkAddress(value: unknown): AddressCheck {
  if (typeof value !== 'string') return { ok: false, problem: 'not a string', detail: 'the address must be a string' };
  if (value.length === 0) return { ok: false, problem: 'empty', detail: 'the address is empty' };
  // 25 bytes never need more than 35 base58 characters; refusing early bounds the work.
  if (value.length > 35) return { ok: false, problem: 'too long', detail: `${value.length} characters; an address has at most 35` };
  const decoded = decodeBase58(value);
  if (typeof decoded === 'number') {
    return {
      ok: false,
      problem: 'invalid character',
      detail: `character ${JSON.stringify(value[decoded])} at position ${decoded + 1} is not base58 (0, O, I and l are never used)`,
    };
  }
  if (decoded.length !== DECODED_LENGTH) {
    return { ok: false, problem: 'wrong length', detail: `decodes to ${decoded.length} bytes; an address decodes to ${DECODED_LENGTH}` };
  }
  const version = decoded[0]!;
  if (!ACCEPTED_VERSIONS.has(version)) {
    return { ok: false, problem: 'unsupported version', detail: `version byte 0x${version.toString(16).padStart(2, '0')}; expected 0x00 or 0x05` };
  }
  const digest = sha256(sha256(decoded.subarray(0, 21)));
  for (let i = 0; i < 4; i++) {
    if (digest[i] !== decoded[21 + i]) return { ok: false, problem: 'bad checksum', detail: 'the checksum does not match (a character is mistyped)' };
  }
  return { ok: true };
}

/** Encodes a version byte and a 20-byte hash as a base58check address (used by the simulator and tests). */
export function encodeAddress(version: number, hash160: Uint8Array): string {
  if (hash160.length !== 20) throw new RangeError(`hash160 must be 20 bytes, got ${hash160.length}`);
  const payload = new Uint8Array(DECODED_LENGTH);
  payload[0] = version;
  payload.set(hash160, 1);
  payload.set(sha256(sha256(payload.subarray(0, 21))).subarray(0, 4), 21);
  const digits: number[] = [];
  for (const byte of payload) {
    let carry = byte;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let text = '';
  for (let i = 0; i < payload.length && payload[i] === 0; i++) text += '1';
  for (let i = digits.length - 1; i >= 0; i--) text += ALPHABET[digits[i]!];
  return text;
}
