import { Compile } from 'typebox/compile';
import { checkAddress, isUnusualAddress, STANDARD_HASH_BYTES } from '../../shared/address.js';
import { ADDRESS_MAX_CHARS } from '../../shared/defaults.js';
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
import type { TurnBudget } from '../scheduling/turn-budget.js';
import { describeShape, describeValue } from './describe-value.js';
import { FetchFailure } from './fetch-json.js';

// Compiled once: a compiled Check of 25,000 small objects takes about a millisecond.
const onlineEnvelope = Compile(OnlinePayloadSchema);
const farmerEntry = Compile(FarmerEntrySchema);
const totalPayload = Compile(TotalPayloadSchema);

const EXAMPLES_PER_REASON = 3;
/** Bounds the valid-address cache; past it the cache starts over (it only saves work). */
const MAX_CACHED_ADDRESSES = 1_000_000;
/** Addresses proved between two looks at the turn's budget (about 10 ms of checksums). */
const ADDRESSES_PER_SLICE = 500;

export interface ValidatedFarmers {
  farmers: FarmerEntry[];
  rejected: number;
  duplicates: number;
  rejections: Rejection[];
  /** Kept entries whose btc_addr or payout_addr has a hash that is not 20 bytes. */
  unusual: number;
  /** Notes on kept entries (the unusual addresses), logged beside the rejections. */
  notes: Rejection[];
}

/** The scrape log's reason for kept entries with unusual addresses. */
export const UNUSUAL_ADDRESS_REASON = `kept: address hash not ${STANDARD_HASH_BYTES} bytes`;

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
    if (value.length === 0 || value.length > ADDRESS_MAX_CHARS) {
      return { reason: `invalid ${field} (wrong length)`, example: `${at}: ${field} ${describeValue(value)} is not 1 to ${ADDRESS_MAX_CHARS} characters long` };
    }
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

/** One payload's validation in progress. */
interface PayloadScan {
  /** This payload's sequence number. */
  readonly payload: number;
  /** The previous payload's accepted records, in order, and where the next guess points in them. */
  readonly previous: KnownAddress[];
  guess: number;
  readonly farmers: FarmerEntry[];
  readonly records: KnownAddress[];
  duplicates: number;
  readonly rejections: RejectionCounter;
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
  /**
   * Valid addresses whose hash is not 20 bytes, with that length. The status server accepts them,
   * so they are kept, and flagged in the scrape log. Usually empty, so flagging costs nothing.
   */
  private readonly unusual = new Map<string, number>();
  private payload = 0;
  /** The last payload's accepted entries' records, in order. */
  private previous: KnownAddress[] = [];

  /** The address's record if it is valid (proving it the first time), else why it is not. */
  private knownAddress(value: string): KnownAddress | ReturnType<typeof checkAddress> {
    const known = this.known.get(value);
    if (known !== undefined) return known;
    const result = checkAddress(value);
    if (!result.ok) return result;
    if (isUnusualAddress(result)) this.unusual.set(value, result.hashBytes);
    const record: KnownAddress = { address: value, payout: null, payload: -1, index: -1 };
    this.known.set(value, record);
    return record;
  }

  /**
   * Proves, a slice per turn, the addresses in a farmer list that are new to this validator, so
   * that `validateOnline` (or a document's conversion) finds them known. A list of 25,000 new
   * addresses (a first scrape, a first imported document) costs about half a second of checksums,
   * which would otherwise hold the event loop in one piece. Anything but a list of entries is left
   * for the validation to reject; with as many addresses known as listed it returns at once.
   */
  async proveNewAddresses(farmers: unknown, turn: TurnBudget): Promise<void> {
    if (!Array.isArray(farmers) || this.known.size >= farmers.length) return;
    for (let index = 0; index < farmers.length; index++) {
      const entry: unknown = farmers[index];
      if (typeof entry === 'object' && entry !== null) {
        const { btc_addr: farmer, payout_addr: payout } = entry as Record<string, unknown>;
        if (typeof farmer === 'string' && farmer.length <= ADDRESS_MAX_CHARS) this.knownAddress(farmer);
        if (typeof payout === 'string' && payout.length <= ADDRESS_MAX_CHARS) this.knownAddress(payout);
      }
      if (index % ADDRESSES_PER_SLICE === ADDRESSES_PER_SLICE - 1) await turn.yieldWhenSpent();
    }
  }

  /** `/api/online/json`: a wrong envelope fails the scrape; bad entries are dropped and counted. */
  validateOnline(payload: unknown, url = '/api/online/json'): ValidatedFarmers {
    if (!onlineEnvelope.Check(payload)) {
      throw new FetchFailure('wrong_shape', `${url}: expected {"farmers": [...]}, got ${describeEnvelope(payload)}`);
    }
    const entries = (payload as { farmers: unknown[] }).farmers;
    // Cleared only between payloads: the records also track duplicates within one payload.
    if (this.known.size >= MAX_CACHED_ADDRESSES) {
      this.known.clear();
      this.unusual.clear();
      this.previous = [];
    }
    const scan: PayloadScan = { payload: ++this.payload, previous: this.previous, guess: 0, farmers: [], records: [], duplicates: 0, rejections: new RejectionCounter() };
    for (let index = 0; index < entries.length; index++) this.acceptEntry(scan, entries[index], index);
    this.previous = scan.records;
    const notes = this.unusual.size === 0 ? new RejectionCounter() : this.noteUnusual(scan.farmers);
    return { farmers: scan.farmers, rejected: scan.rejections.total, duplicates: scan.duplicates, rejections: scan.rejections.list(), unusual: notes.total, notes: notes.list() };
  }

  /** Counts the kept entries that have an unusual address, with examples naming the address. */
  private noteUnusual(farmers: readonly FarmerEntry[]): RejectionCounter {
    const notes = new RejectionCounter();
    for (const farmer of farmers) {
      const field = this.unusual.has(farmer.btc_addr) ? 'btc_addr' : this.unusual.has(farmer.payout_addr) ? 'payout_addr' : null;
      if (field === null) continue;
      const address = farmer[field];
      notes.add(UNUSUAL_ADDRESS_REASON, `${field} ${JSON.stringify(address)} has a ${this.unusual.get(address)}-byte hash`);
    }
    return notes;
  }

  /** Checks one entry and adds it to the scan's farmers, or counts why it was dropped. */
  private acceptEntry(scan: PayloadScan, entry: unknown, index: number): void {
    if (!farmerEntry.Check(entry)) {
      const { reason, example } = explainEntry(entry, index);
      scan.rejections.add(reason, example);
      return;
    }
    const farmer = entry as FarmerEntry;
    const btc = this.resolveFarmer(scan, farmer.btc_addr);
    if ('ok' in btc) {
      if (!btc.ok) scan.rejections.add(...reasonFor(entry, index, 'btc_addr', farmer.btc_addr, btc));
      return;
    }
    const payoutAddress = this.resolvePayout(btc, farmer);
    if (typeof payoutAddress !== 'string') {
      if (!payoutAddress.ok) scan.rejections.add(...reasonFor(entry, index, 'payout_addr', farmer.payout_addr, payoutAddress));
      return;
    }
    // Duplicates of one btc_addr keep the entry seen most recently (smallest last_seen): it is
    // the server's freshest knowledge of that farmer. Ties keep the first in the list.
    if (btc.payload === scan.payload) {
      scan.duplicates++;
      if (farmer.last_seen < scan.farmers[btc.index]!.last_seen) {
        farmer.btc_addr = btc.address;
        farmer.payout_addr = payoutAddress;
        scan.farmers[btc.index] = farmer;
        btc.payout = payoutAddress === btc.address ? null : payoutAddress;
      }
      return;
    }
    btc.payload = scan.payload;
    btc.index = scan.farmers.length;
    btc.payout = payoutAddress === btc.address ? null : payoutAddress;
    farmer.btc_addr = btc.address;
    farmer.payout_addr = payoutAddress;
    // Extra properties on an entry are harmless: the store reads only the four known fields.
    scan.farmers.push(farmer);
    scan.records.push(btc);
  }

  /** The farmer's record: first the guess that it follows the previous match, then a lookup. */
  private resolveFarmer(scan: PayloadScan, address: string): KnownAddress | ReturnType<typeof checkAddress> {
    const guessed = scan.previous[scan.guess];
    if (guessed !== undefined && guessed.address === address) {
      scan.guess++;
      return guessed;
    }
    const known = this.knownAddress(address);
    // Resynchronise the guesses after a farmer joined, left or changed place.
    if (!('ok' in known) && known.payload === scan.payload - 1 && scan.previous[known.index] === known) scan.guess = known.index + 1;
    return known;
  }

  /** The payout address's canonical string, or why it is not valid. */
  private resolvePayout(btc: KnownAddress, farmer: FarmerEntry): string | ReturnType<typeof checkAddress> {
    if (farmer.payout_addr === farmer.btc_addr) return btc.address;
    if (btc.payout !== null && farmer.payout_addr === btc.payout) return btc.payout;
    const payout = this.knownAddress(farmer.payout_addr);
    return 'ok' in payout ? payout : payout.address;
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

/** Names the envelope's problem: a `farmers` that is there but not a list is said so, not hidden among the keys. */
function describeEnvelope(payload: unknown): string {
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && 'farmers' in payload) {
    return `"farmers" as ${describeValue((payload as { farmers: unknown }).farmers)}, not an array`;
  }
  return describeShape(payload);
}
