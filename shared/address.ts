import { sha256 } from '@noble/hashes/sha2.js';
import { ADDRESS_MAX_CHARS } from './defaults.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Version bytes of the addresses the status server accepts: P2PKH (0x00) and P2SH (0x05). */
const ACCEPTED_VERSIONS = new Set([0x00, 0x05]);
const CHECKSUM_BYTES = 4;
/** A version byte and a checksum: the least the server's decoder can take apart. */
const MIN_DECODED_BYTES = 1 + CHECKSUM_BYTES;
/** The hash of every address a wallet makes (RIPEMD-160); others are valid but unusual. */
export const STANDARD_HASH_BYTES = 20;

export type AddressProblem =
  | 'not a string'
  | 'empty'
  | 'too long'
  | 'invalid character'
  | 'wrong length'
  | 'unsupported version'
  | 'bad checksum';

/** A valid address says how long its hash is: the server accepts any length, wallets make 20. */
export type AddressCheck =
  | { ok: true; hashBytes: number }
  | { ok: false; problem: AddressProblem; detail: string };

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

function hasValidChecksum(decoded: Uint8Array): boolean {
  const body = decoded.length - CHECKSUM_BYTES;
  const digest = sha256(sha256(decoded.subarray(0, body)));
  for (let i = 0; i < CHECKSUM_BYTES; i++) if (digest[i] !== decoded[body + i]) return false;
  return true;
}

/**
 * Checks a farmer address exactly as the status server does (dataserv validates with btctxstore,
 * i.e. pycoin's `is_address_valid` for Bitcoin mainnet): base58 with leading '1's as zero bytes,
 * the last four bytes the double SHA-256 checksum of the rest, and the first byte 0x00 or 0x05.
 * The server never checks the length in between, so a hash of any length is valid here too
 * (`hashBytes` says which); only the server's 35-character column bounds it.
 * Pure and synchronous so the renderer can explain a typo while the user types.
 */
export function checkAddress(value: unknown): AddressCheck {
  if (typeof value !== 'string') return { ok: false, problem: 'not a string', detail: 'the address must be a string' };
  if (value.length === 0) return { ok: false, problem: 'empty', detail: 'the address is empty' };
  if (value.length > ADDRESS_MAX_CHARS) {
    return { ok: false, problem: 'too long', detail: `${value.length} characters; an address has at most ${ADDRESS_MAX_CHARS}` };
  }
  const decoded = decodeBase58(value);
  if (typeof decoded === 'number') {
    return {
      ok: false,
      problem: 'invalid character',
      detail: `character ${JSON.stringify(value[decoded])} at position ${decoded + 1} is not base58 (0, O, I and l are never used)`,
    };
  }
  if (decoded.length < MIN_DECODED_BYTES) {
    return { ok: false, problem: 'wrong length', detail: `decodes to ${decoded.length} bytes; an address decodes to at least ${MIN_DECODED_BYTES} (usually 25)` };
  }
  if (!hasValidChecksum(decoded)) return { ok: false, problem: 'bad checksum', detail: 'the checksum does not match (a character is mistyped)' };
  const version = decoded[0]!;
  if (!ACCEPTED_VERSIONS.has(version)) {
    return { ok: false, problem: 'unsupported version', detail: `version byte 0x${version.toString(16).padStart(2, '0')}; expected 0x00 or 0x05` };
  }
  return { ok: true, hashBytes: decoded.length - MIN_DECODED_BYTES };
}

/** Whether a valid address is one the scrape log flags: the server took it, but no wallet makes it. */
export function isUnusualAddress(check: AddressCheck): boolean {
  return check.ok && check.hashBytes !== STANDARD_HASH_BYTES;
}

/**
 * Encodes a version byte and a hash as a base58check address (used by the simulator and tests).
 * Any hash length encodes, so tests can make the unusual addresses the server also accepts.
 */
export function encodeAddress(version: number, hash: Uint8Array): string {
  const payload = new Uint8Array(1 + hash.length + CHECKSUM_BYTES);
  payload[0] = version;
  payload.set(hash, 1);
  const body = 1 + hash.length;
  payload.set(sha256(sha256(payload.subarray(0, body))).subarray(0, CHECKSUM_BYTES), body);
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
