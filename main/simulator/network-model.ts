import { encodeAddress } from '../../shared/address.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../../shared/defaults.js';
import type { FarmerEntry, TotalPayload } from '../../shared/model/dataserv.js';
import { MAX_HEIGHT_EXCLUSIVE, totalId, totalTerabytes } from '../../shared/model/dataserv-totals.js';
import { hashOf, seedOf, unitOf } from './seeded-hash.js';

/** The status server lists farmers seen within the last five minutes. */
const ONLINE_WINDOW_S = 300;

/**
 * A slot holds one farmer at a time: each period (10–90 days) a new farmer (a "generation") takes
 * it, after a short vacancy, which is how farmers join and leave. Within its period a farmer
 * goes offline for a while in some hours (more often when it is flaky), and its height grows.
 */
interface Generation {
  btcAddr: string;
  payoutAddr: string;
  startMs: number;
  /** Empty at the start of the period: the previous farmer left, the next has not joined yet. */
  vacantUntilMs: number;
  baseHeight: number;
  growthPerDay: number;
  offlineChancePerHour: number;
}

export interface NetworkState {
  time: number;
  /** Online farmers, ordered by height descending, as the status server lists them. */
  farmers: FarmerEntry[];
  total: TotalPayload;
}

export interface NetworkOptions {
  /** About this many farmers are online at any time. */
  farmers: number;
  seed?: number | string;
}

/** Share of the slots with an online farmer on average (vacancies and offline hours). */
const EXPECTED_ONLINE_SHARE = 0.92;
/** Sort keys pack (height, position) into one double; 2^22 positions is far above any network size. */
const MAX_SLOTS = 4_194_304;

/**
 * Which farmer each slot last listed to one consumer that stores every state it builds (a backfill
 * run): a state in which no slot lists a farmer it had not listed before brings no new address.
 */
export class ListedFarmers {
  /** Per slot, the generation it last listed; -1 before any. */
  readonly generations: Float64Array;

  constructor(slots: number) {
    this.generations = new Float64Array(slots).fill(-1);
  }
}

/** Collects one state's farmers slot by slot (`SimulatedNetwork.stateBuilder`). */
export class StateBuilder {
  private readonly online: FarmerEntry[] = [];
  /** One sort key per online farmer, filled from the start; typed, so sorting needs no copy. */
  private readonly sortKeys: Float64Array;
  private heightSum = 0;
  private next = 0;
  /** Farmers `listed` had not seen in their slot. */
  private newcomers = 0;

  constructor(
    readonly time: number,
    private readonly slots: number,
    private readonly farmerAt: (slot: number) => FarmerEntry | null,
    private readonly generationAt: (slot: number) => number,
    private readonly listed: ListedFarmers | null,
  ) {
    this.sortKeys = new Float64Array(slots);
  }

  /** Adds the next `count` slots' farmers; true once every slot is in. */
  addSlots(count: number): boolean {
    const end = Math.min(this.slots, this.next + count);
    for (let slot = this.next; slot < end; slot++) {
      const entry = this.farmerAt(slot);
      if (entry === null) continue;
      // Height descending, then slot: one number per farmer sorts far faster than a comparator.
      this.sortKeys[this.online.length] = (MAX_HEIGHT_EXCLUSIVE - 1 - entry.height) * MAX_SLOTS + this.online.length;
      this.online.push(entry);
      this.heightSum += entry.height;
      if (this.listed !== null && this.listed.generations[slot] !== this.generationAt(slot)) {
        this.listed.generations[slot] = this.generationAt(slot);
        this.newcomers++;
      }
    }
    this.next = end;
    return end === this.slots;
  }

  /**
   * The state, once `addSlots` has said every slot is in. Built for a `ListedFarmers` consumer and
   * without a newcomer, its farmers are in slot order instead of the server's: the order decides only
   * which ids new addresses get, and there are none, so a store keeps exactly the same (and sorting
   * was a tenth of a backfill's time).
   */
  finish(): NetworkState {
    if (this.next !== this.slots) throw new Error(`state at ${this.time} finished after ${this.next} of ${this.slots} slots`);
    const total = { id: totalId(this.time), total_TB: totalTerabytes(this.heightSum), total_farmers: this.online.length };
    if (this.listed !== null && this.newcomers === 0) return { time: this.time, farmers: this.online, total };
    const order = this.sortKeys.subarray(0, this.online.length).sort();
    const farmers = new Array<FarmerEntry>(order.length);
    for (let i = 0; i < order.length; i++) farmers[i] = this.online[order[i]! % MAX_SLOTS]!;
    return { time: this.time, farmers, total };
  }
}

export class SimulatedNetwork {
  /** What it was made from: the same options make the same network (a backfill thread makes its own). */
  readonly options: NetworkOptions;
  readonly seed: number;
  readonly slots: number;
  private readonly periodMs: Float64Array;
  private readonly phaseMs: Float64Array;
  private readonly heartbeatMs: Float64Array;
  private readonly heartbeatPhaseMs: Float64Array;
  private readonly poolCount: number;
  private readonly pools = new Map<number, string>();
  /** Each slot's most recent generation: time moves forward, so this is almost always a hit. */
  private readonly latest: Array<Generation | undefined>;
  private readonly latestIndex: Float64Array;
  /**
   * Each slot's outages for the hour last asked about and the hour before (start and end, NaN for
   * none), with that hour and generation: a backfill asks twelve times an hour, and the four hashes
   * per slot that decide the outages were most of the model's cost.
   */
  private readonly outageHour: Float64Array;
  private readonly outageIndex: Float64Array;
  private readonly outageBounds: Float64Array;

  constructor(options: NetworkOptions) {
    this.options = { ...options };
    this.seed = seedOf(options.seed ?? 1);
    this.slots = options.farmers <= 0 ? 0 : Math.max(1, Math.round(options.farmers / EXPECTED_ONLINE_SHARE));
    this.periodMs = new Float64Array(this.slots);
    this.phaseMs = new Float64Array(this.slots);
    this.heartbeatMs = new Float64Array(this.slots);
    this.heartbeatPhaseMs = new Float64Array(this.slots);
    this.latest = new Array<Generation | undefined>(this.slots);
    this.latestIndex = new Float64Array(this.slots).fill(-1);
    this.outageHour = new Float64Array(this.slots).fill(Number.NaN);
    this.outageIndex = new Float64Array(this.slots).fill(-1);
    this.outageBounds = new Float64Array(this.slots * 4);
    for (let slot = 0; slot < this.slots; slot++) {
      this.periodMs[slot] = Math.round((10 + unitOf(this.seed, slot, 1) * 80) * MS_PER_DAY);
      this.phaseMs[slot] = Math.floor(unitOf(this.seed, slot, 2) * this.periodMs[slot]!);
      // Farmers check in every 20–120 s; last_seen is the time since the last check-in.
      this.heartbeatMs[slot] = Math.round((20 + unitOf(this.seed, slot, 3) * 100) * 1000);
      this.heartbeatPhaseMs[slot] = Math.floor(unitOf(this.seed, slot, 4) * this.heartbeatMs[slot]!);
    }
    this.poolCount = Math.max(1, Math.floor(this.slots / 40));
  }

  /** The status server's answer at `time` (epoch ms). */
  stateAt(time: number): NetworkState {
    const builder = this.stateBuilder(time);
    builder.addSlots(this.slots);
    return builder.finish();
  }

  /**
   * The same answer built a range of slots at a time, so a caller on a busy event loop can yield
   * between ranges: a slot's first farmer costs two SHA-256 for its address, so the first state of
   * a large network takes about a second in one piece.
   */
  stateBuilder(time: number, listed: ListedFarmers | null = null): StateBuilder {
    return new StateBuilder(time, this.slots, (slot) => this.farmerAt(slot, time), (slot) => this.latestIndex[slot]!, listed);
  }

  private farmerAt(slot: number, time: number): FarmerEntry | null {
    const period = this.periodMs[slot]!;
    const shifted = time + this.phaseMs[slot]!;
    const index = Math.floor(shifted / period);
    const generation = this.generation(slot, index, shifted - (shifted % period) - this.phaseMs[slot]!, period);
    if (time < generation.vacantUntilMs) return null;
    const heartbeat = this.heartbeatMs[slot]!;
    let lastSeenS = Math.floor((((time - this.heartbeatPhaseMs[slot]!) % heartbeat) + heartbeat) % heartbeat / 1000);
    const offlineSince = this.offlineSince(slot, index, generation, time);
    if (offlineSince !== null) {
      lastSeenS = Math.floor((time - offlineSince) / 1000);
      if (lastSeenS >= ONLINE_WINDOW_S) return null;
    }
    const days = Math.floor((time - generation.startMs) / MS_PER_DAY);
    const height = Math.min(MAX_HEIGHT_EXCLUSIVE - 1, Math.floor(generation.baseHeight * (1 + generation.growthPerDay * days)));
    return { btc_addr: generation.btcAddr, payout_addr: generation.payoutAddr, last_seen: lastSeenS, height };
  }

  /** When the farmer went offline if it is offline at `time`: one outage of 10–60 min in some hours. */
  private offlineSince(slot: number, index: number, generation: Generation, time: number): number | null {
    const hour = Math.floor(time / MS_PER_HOUR);
    const bounds = this.outageBounds;
    const at = slot * 4;
    if (this.outageHour[slot] !== hour || this.outageIndex[slot] !== index) {
      this.outageHour[slot] = hour;
      this.outageIndex[slot] = index;
      // An outage may start in this hour or have started in the previous one and still be running.
      for (let back = 0; back < 2; back++) {
        const candidate = hour - back;
        let startMs = Number.NaN;
        let endMs = Number.NaN;
        if (unitOf(this.seed, slot, index, candidate, 5) < generation.offlineChancePerHour) {
          startMs = candidate * MS_PER_HOUR + Math.floor(unitOf(this.seed, slot, index, candidate, 7) * MS_PER_HOUR);
          endMs = startMs + (10 + Math.floor(unitOf(this.seed, slot, index, candidate, 6) * 50)) * MS_PER_MINUTE;
        }
        bounds[at + back * 2] = startMs;
        bounds[at + back * 2 + 1] = endMs;
      }
    }
    // This hour's outage first, as it always was; a comparison with NaN (no outage) is false.
    for (let back = 0; back < 2; back++) {
      const startMs = bounds[at + back * 2]!;
      if (time >= startMs && time < bounds[at + back * 2 + 1]!) return startMs;
    }
    return null;
  }

  private generation(slot: number, index: number, startMs: number, period: number): Generation {
    const known = this.latest[slot];
    if (known !== undefined && this.latestIndex[slot] === index) return known;
    const seed = this.seed;
    const btcAddr = this.address(slot, index, 10);
    const payoutRoll = unitOf(seed, slot, index, 11);
    // Most farmers pay themselves, some use a separate wallet, some pay into a shared pool.
    const payoutAddr = payoutRoll < 0.7 ? btcAddr : payoutRoll < 0.9 ? this.address(slot, index, 12) : this.pool(hashOf(seed, slot, index, 13) % this.poolCount);
    const reliabilityRoll = unitOf(seed, slot, index, 14);
    const offlineChancePerHour = reliabilityRoll < 0.6 ? 0.01 : reliabilityRoll < 0.9 ? 0.08 : 0.35;
    const heightRoll = unitOf(seed, slot, index, 15);
    // Heights spread over two orders of magnitude like real farms (log-uniform 1,000–150,000 shards,
    // about 4 TB per farmer on average, as on the 2015 test network); a few offer nothing yet.
    const baseHeight = heightRoll < 0.02 ? 0 : Math.floor(Math.exp(Math.log(1_000) + unitOf(seed, slot, index, 16) * Math.log(150)));
    const generation: Generation = {
      btcAddr,
      payoutAddr,
      startMs,
      vacantUntilMs: startMs + Math.floor(unitOf(seed, slot, index, 17) * 0.08 * period),
      baseHeight,
      growthPerDay: unitOf(seed, slot, index, 18) * 0.01,
      offlineChancePerHour,
    };
    this.latest[slot] = generation;
    this.latestIndex[slot] = index;
    return generation;
  }

  private address(slot: number, index: number, salt: number): string {
    const hash160 = new Uint8Array(20);
    const view = new DataView(hash160.buffer);
    for (let word = 0; word < 5; word++) view.setUint32(word * 4, hashOf(this.seed, slot, index, salt, word));
    const version = unitOf(this.seed, slot, index, salt, 99) < 0.9 ? 0x00 : 0x05;
    return encodeAddress(version, hash160);
  }

  private pool(pool: number): string {
    let address = this.pools.get(pool);
    if (address === undefined) {
      address = this.address(-1 - pool, 0, 20);
      this.pools.set(pool, address);
    }
    return address;
  }
}
