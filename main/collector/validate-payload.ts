import { Compile } from 'typebox/compile';
import { checkAddress } from '../../shared/address.js';
import {
  FarmerEntrySchema,
  MAX_HEIGHT_EXCLUSIVE,
  MAX_LAST_SEEN,
  OnlinePayloadSchema,
  TotalPayloadSchema,
  type FarmerEntry,
  type TotalPayload,
} from '../../shared/model/dataserv.js';
import type { Rejection } from '../store/raw-store.js';
import { FetchFailure } from './fetch-json.js';

// Compiled once: a compiled Check of 25,000 small objects takes about a millisecond.
const onlineEnvelope = Compile(OnlinePayloadSchema);
const farmerEntry = Compile(FarmerEntrySchema);
const totalPayload = Compile(TotalPayloadSchema);

const EXAMPLES_PER_REASON = 3;
/** Bounds the valid-address cache; past it the cache starts over (it only saves work). */
const MAX_CACHED_ADDRESSES = 1_000_000;

export interface ValidatedFarmers {
  farmers: FarmerEntry[];
  rejected: number;
  duplicates: number;
  rejections: Rejection[];
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'missing';
  return JSON.stringify(value) ?? String(value);
}

/**
 * Says why an entry failed the schema or the address check, as a reason (the counting key) and a
 * message naming the entry. Runs only for rejected entries, so clarity beats speed here.
 */
function explainEntry(entry: unknown, index: number, addressProblem?: { field: string; detail: string; problem: string }): { reason: string; example: string } {
  const at = `entry ${index}`;
  if (addressProblem) {
    return { reason: `invalid ${addressProblem.field} (${addressProblem.problem})`, example: `${at}: ${addressProblem.field} ${addressProblem.detail}` };
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { reason: 'not an object', example: `${at}: ${describeValue(entry)} is not an object` };
  }
  const record = entry as Record<string, unknown>;
  for (const field of ['btc_addr', 'payout_addr'] as const) {
    const value = record[field];
    if (value === undefined) return { reason: `missing ${field}`, example: `${at}: ${field} is missing` };
    if (typeof value !== 'string') return { reason: `wrong type of ${field}`, example: `${at}: ${field} ${describeValue(value)} is not a string` };
    if (value.length === 0 || value.length > 35) return { reason: `invalid ${field} (wrong length)`, example: `${at}: ${field} ${describeValue(value)} has ${value.length} characters` };
  }
  for (const field of ['height', 'last_seen'] as const) {
    const value = record[field];
    if (value === undefined) return { reason: `missing ${field}`, example: `${at}: ${field} is missing` };
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return { reason: `wrong type of ${field}`, example: `${at}: ${field} ${describeValue(value)} is not an integer` };
    }
  }
  const height = record.height as number;
  if (height < 0 || height >= MAX_HEIGHT_EXCLUSIVE) {
    return { reason: 'height out of range', example: `${at}: height ${height} is out of range (0 ≤ height < ${MAX_HEIGHT_EXCLUSIVE})` };
  }
  const lastSeen = record.last_seen as number;
  if (lastSeen < 0) return { reason: 'last_seen negative', example: `${at}: last_seen ${lastSeen} is negative` };
  if (lastSeen > MAX_LAST_SEEN) return { reason: 'last_seen out of range', example: `${at}: last_seen ${lastSeen} is out of range (at most ${MAX_LAST_SEEN})` };
  const first = [...farmerEntry.Errors(entry)][0];
  return { reason: 'does not match the farmer schema', example: `${at}: ${first ? `${first.instancePath || '/'} ${first.message}` : 'unknown problem'}` };
}

function reasonFor(
  entry: unknown,
  index: number,
  field: 'btc_addr' | 'payout_addr',
  value: string,
  failed: { ok: false; problem: string; detail: string },
): [string, string] {
  const { reason, example } = explainEntry(entry, index, { field, problem: failed.problem, detail: `${describeValue(value)}: ${failed.detail}` });
  return [reason, example];
}

class RejectionCounter {
  private readonly byReason = new Map<string, Rejection>();
  total = 0;

  add(reason: string, example: string): void {
    this.total++;
    let rejection = this.byReason.get(reason);
    if (rejection === undefined) {
      rejection = { reason, count: 0, examples: [] };
      this.byReason.set(reason, rejection);
    }
    rejection.count++;
    if (rejection.examples.length < EXAMPLES_PER_REASON) rejection.examples.push(example);
  }

  list(): Rejection[] {
    return [...this.byReason.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }
}

/** What the validator remembers about an address it has proved valid. */
interface KnownAddress {
  /** The first string seen for it: entries are given this one, whose hash V8 has cached. */
  address: string;
  /** The payout address it was last listed with (its canonical string), if different. */
  payout: string | null;
  /** The payload in which it was last listed, to spot duplicates with no extra lookup. */
  payload: number;
  /** Where its entry sits in that payload's output list. */
  index: number;
}

/**
 * Validates status-server payloads, fast in steady state (the same 25,000 farmers every five
 * minutes, in nearly the same order):
 * - addresses already proved valid are remembered, so the double SHA-256 of the base58check runs
 *   only for new ones;
 * - each entry is first compared with the entry that followed the previous match in the last
 *   payload; only when that guess fails is the address looked up. A fresh string from
 *   JSON.parse must be hashed for a lookup, which at 25,000 entries costs more than the compare;
 * - accepted entries get the remembered string objects, whose hashes are cached, so the store's
 *   own address lookups are cheap too.
 */
export class PayloadValidator {
  private readonly known = new Map<string, KnownAddress>();
  private payload = 0;
  /** The last payload's accepted entries' records, in order. */
  private previous: KnownAddress[] = [];

  /** The address's record if it is valid (proving it the first time), else why it is not. */
  private knownAddress(value: string): KnownAddress | ReturnType<typeof checkAddress> {
    const known = this.known.get(value);
    if (known !== undefined) return known;
    const result = checkAddress(value);
    if (!result.ok) return result;
    const record: KnownAddress = { address: value, payout: null, payload: -1, index: -1 };
    this.known.set(value, record);
    return record;
  }

  /** `/api/online/json`: a wrong envelope fails the scrape; bad entries are dropped and counted. */
  validateOnline(payload: unknown, url = '/api/online/json'): ValidatedFarmers {
    if (!onlineEnvelope.Check(payload)) {
      throw new FetchFailure('wrong_shape', `${url}: expected {"farmers": [...]}, got ${describeShape(payload)}`);
    }
    const entries = (payload as { farmers: unknown[] }).farmers;
    const rejections = new RejectionCounter();
    // Cleared only between payloads: the records also track duplicates within one payload.
    if (this.known.size >= MAX_CACHED_ADDRESSES) {
      this.known.clear();
      this.previous = [];
    }
    const current = ++this.payload;
    const previous = this.previous;
    const farmers: FarmerEntry[] = [];
    const records: KnownAddress[] = [];
    let guess = 0;
    let duplicates = 0;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      if (!farmerEntry.Check(entry)) {
        const { reason, example } = explainEntry(entry, index);
        rejections.add(reason, example);
        continue;
      }
      const farmer = entry as FarmerEntry;
      let btc: KnownAddress | ReturnType<typeof checkAddress>;
      const guessed = previous[guess];
      if (guessed !== undefined && guessed.address === farmer.btc_addr) {
        btc = guessed;
        guess++;
      } else {
        btc = this.knownAddress(farmer.btc_addr);
        if ('ok' in btc) {
          if (!btc.ok) rejections.add(...reasonFor(entry, index, 'btc_addr', farmer.btc_addr, btc));
          continue;
        }
        // Resynchronise the guesses after a farmer joined, left or changed place.
        if (btc.payload === current - 1 && previous[btc.index] === btc) guess = btc.index + 1;
      }
      let payoutAddress = btc.address;
      if (farmer.payout_addr !== farmer.btc_addr) {
        if (btc.payout !== null && farmer.payout_addr === btc.payout) {
          payoutAddress = btc.payout;
        } else {
          const payout = this.knownAddress(farmer.payout_addr);
          if ('ok' in payout) {
            if (!payout.ok) rejections.add(...reasonFor(entry, index, 'payout_addr', farmer.payout_addr, payout));
            continue;
          }
          payoutAddress = payout.address;
        }
      }
      // Duplicates of one btc_addr keep the entry seen most recently (smallest last_seen): it is
      // the server's freshest knowledge of that farmer. Ties keep the first in the list.
      if (btc.payload === current) {
        duplicates++;
        if (farmer.last_seen < farmers[btc.index]!.last_seen) {
          farmer.btc_addr = btc.address;
          farmer.payout_addr = payoutAddress;
          farmers[btc.index] = farmer;
          btc.payout = payoutAddress === btc.address ? null : payoutAddress;
        }
        continue;
      }
      btc.payload = current;
      btc.index = farmers.length;
      btc.payout = payoutAddress === btc.address ? null : payoutAddress;
      farmer.btc_addr = btc.address;
      farmer.payout_addr = payoutAddress;
      // Extra properties on an entry are harmless: the store reads only the four known fields.
      farmers.push(farmer);
      records.push(btc);
    }
    this.previous = records;
    return { farmers, rejected: rejections.total, duplicates, rejections: rejections.list() };
  }

  /** `/api/total`: all or nothing, it is one reading. */
  validateTotal(payload: unknown, url = '/api/total'): TotalPayload {
    if (!totalPayload.Check(payload)) {
      const first = [...totalPayload.Errors(payload)][0];
      const where = first ? ` (${first.instancePath || '/'} ${first.message})` : '';
      throw new FetchFailure('wrong_shape', `${url}: expected {"id", "total_TB", "total_farmers"}, got ${describeShape(payload)}${where}`);
    }
    const total = payload as TotalPayload;
    return { id: total.id, total_TB: total.total_TB, total_farmers: total.total_farmers };
  }
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value).slice(0, 5);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.map((key) => JSON.stringify(key)).join(', ')}`;
}
