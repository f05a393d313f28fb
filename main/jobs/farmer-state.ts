/**
 * Per-address running state as typed arrays indexed by local address id. Updating 25,000 SQLite
 * rows per scrape costs 40–75 ms with better-sqlite3; updating these arrays costs well under a
 * millisecond, and the whole state is checkpointed as one blob (80 bytes per address) in the same
 * transaction as the job's progress marker. Times and uptimes are integer epoch milliseconds held
 * in float64 (exact up to 2^53), so every fold order gives the same values.
 */

const FLOAT_COLUMNS = ['first', 'last', 'uptime', 'dayFirst', 'dayLast', 'dayUptime', 'dayHeightSum'] as const;
const INT_COLUMNS = ['lastSeq', 'height', 'payout', 'day', 'dayCount', 'dayPayout'] as const;
const BYTES_PER_ADDRESS = FLOAT_COLUMNS.length * 8 + INT_COLUMNS.length * 4;

/** Marks "no day accumulated" (day numbers of real scrapes are never negative). */
export const NO_DAY = -1;

export class FarmerState {
  /** First / last scrape time that listed the address (valid when lastSeq > 0). */
  first: Float64Array;
  last: Float64Array;
  /** Milliseconds between consecutive snapshots that both listed the address. */
  uptime: Float64Array;
  /** The current day's accumulators (valid for day[a]): first/last seen, uptime, sum of heights. */
  dayFirst: Float64Array;
  dayLast: Float64Array;
  dayUptime: Float64Array;
  dayHeightSum: Float64Array;
  /** Sequence number of the newest snapshot that listed the address; 0 = never seen. */
  lastSeq: Int32Array;
  height: Int32Array;
  payout: Int32Array;
  day: Int32Array;
  dayCount: Int32Array;
  /** Payout address id from the first scrape of the day that listed the address. */
  dayPayout: Int32Array;
  /** One more than the highest address id held. */
  size: number;

  constructor(capacity = 1024) {
    this.size = 0;
    this.first = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
    this.uptime = new Float64Array(capacity);
    this.dayFirst = new Float64Array(capacity);
    this.dayLast = new Float64Array(capacity);
    this.dayUptime = new Float64Array(capacity);
    this.dayHeightSum = new Float64Array(capacity);
    this.lastSeq = new Int32Array(capacity);
    this.height = new Int32Array(capacity);
    this.payout = new Int32Array(capacity);
    this.day = new Int32Array(capacity).fill(NO_DAY);
    this.dayCount = new Int32Array(capacity);
    this.dayPayout = new Int32Array(capacity);
  }

  /** Makes room for address ids below `size` (amortised doubling). */
  ensureSize(size: number): void {
    if (size <= this.size) return;
    if (size > this.first.length) {
      let capacity = this.first.length;
      while (capacity < size) capacity *= 2;
      for (const name of FLOAT_COLUMNS) this[name] = grow(this[name], new Float64Array(capacity));
      for (const name of INT_COLUMNS) this[name] = grow(this[name], new Int32Array(capacity));
      this.day.fill(NO_DAY, this.size);
    }
    this.size = size;
  }

  toBlob(): Buffer {
    const bytes = Buffer.allocUnsafe(this.size * BYTES_PER_ADDRESS);
    let offset = 0;
    for (const name of [...FLOAT_COLUMNS, ...INT_COLUMNS]) {
      const column = this[name];
      const view = new Uint8Array(column.buffer, column.byteOffset, this.size * column.BYTES_PER_ELEMENT);
      bytes.set(view, offset);
      offset += view.byteLength;
    }
    return bytes;
  }

  static fromBlob(blob: Uint8Array, size: number): FarmerState {
    if (blob.byteLength !== size * BYTES_PER_ADDRESS) {
      throw new Error(`farmer state blob has ${blob.byteLength} bytes, expected ${size * BYTES_PER_ADDRESS}`);
    }
    const state = new FarmerState(Math.max(1024, size));
    state.size = size;
    let offset = 0;
    for (const name of [...FLOAT_COLUMNS, ...INT_COLUMNS]) {
      const column = state[name];
      const length = size * column.BYTES_PER_ELEMENT;
      // Copy through bytes: the blob's offset inside its buffer need not be aligned for float64.
      new Uint8Array(column.buffer, 0, length).set(blob.subarray(offset, offset + length));
      offset += length;
    }
    return state;
  }
}

function grow<T extends Float64Array | Int32Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}
