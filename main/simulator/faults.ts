import type { FarmerEntry } from '../../shared/model/dataserv.js';

/**
 * Ways the simulator can misbehave, so tests (and curious users) can watch the collector cope.
 * Entry-level faults spoil some entries of `/api/online/json` and keep the rest valid.
 */
export const MALFORMED_KINDS = [
  'not_json',
  'truncated',
  'wrong_shape',
  'wrong_types',
  'bad_heights',
  'bad_addresses',
  'duplicates',
  'oversized',
  'reset',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export interface SimulatorFaults {
  /** Share of requests answered with HTTP 500 (0–1). */
  errorRate?: number;
  /** Delay before answering each request, in ms. */
  latencyMs?: number;
  /** How `/api/online/json` is spoiled, and in what share of requests (default: all). */
  malformed?: MalformedKind | null;
  malformedRate?: number;
  /** Body size for `oversized` (default 65 MiB, just over the collector's cap). */
  oversizeBytes?: number;
}

/** One in `SPOIL_EVERY` entries is spoiled by the entry-level faults. */
export const SPOIL_EVERY = 10;

const BAD_ADDRESSES = [
  '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', // last character changed: bad checksum
  '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0', // '0' is not base58
  'LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9', // litecoin version byte
];

/** Applies an entry-level fault; returns the list to serve (valid entries untouched). */
export function spoilEntries(kind: MalformedKind, farmers: readonly FarmerEntry[]): unknown[] {
  const spoiled: unknown[] = [];
  farmers.forEach((farmer, index) => {
    const spoil = index % SPOIL_EVERY === SPOIL_EVERY - 1;
    if (!spoil) {
      spoiled.push(farmer);
      return;
    }
    // Alternate between two spoilings of each kind (spoiled entries are every tenth, all odd indices).
    const variant = Math.floor(index / SPOIL_EVERY);
    switch (kind) {
      case 'wrong_types':
        spoiled.push(variant % 2 === 0 ? { ...farmer, height: String(farmer.height) } : { ...farmer, last_seen: null });
        break;
      case 'bad_heights':
        spoiled.push({ ...farmer, height: variant % 2 === 0 ? -5 : 250_000 });
        break;
      case 'bad_addresses':
        spoiled.push({ ...farmer, btc_addr: BAD_ADDRESSES[variant % BAD_ADDRESSES.length] });
        break;
      case 'duplicates':
        // The entry and an older sighting of the same farmer: the collector keeps the newer one.
        spoiled.push(farmer, { ...farmer, last_seen: farmer.last_seen + 60, height: farmer.height + 1 });
        break;
      default:
        spoiled.push(farmer);
    }
  });
  return spoiled;
}

export function isEntryLevel(kind: MalformedKind): boolean {
  return kind === 'wrong_types' || kind === 'bad_heights' || kind === 'bad_addresses' || kind === 'duplicates';
}
