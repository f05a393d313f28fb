/**
 * Per-address running state as typed arrays indexed by local address id. The worker keeps it in
 * memory and persists it in two forms, neither of which grows with how many farmers changed in a
 * scrape (main/jobs/checkpoints.ts):
 *
 * - the whole state in a checkpoint (agg_resume) every CHECKPOINT_EVERY_SNAPSHOTS snapshots and at
 *   each day's end; on start the job replays the raw snapshots after it (they are the truth);
 * - for the readers of the current figures, one agg_farmers row per address written only when the
 *   address joins, leaves or changes payout, plus the newest snapshot's ids and heights.
 *
 * A row holds values "as of snapshot `lastSeq`". When the address is also in `present` (the newest
 * snapshot's ids) it was listed by every snapshot since the row was written, so its true values
 * extend without being written: last = newest snapshot time, uptime grows by (newest time − row
 * time), and its height is the newest snapshot's. A scrape where every height changes therefore
 * writes as few rows as one where none does. (In memory the fold extends a row lazily too, when
 * it changes or leaves, so an unchanged farmer costs nothing per scrape.) The rows leave out the
 * day accumulators: the checkpoint holds them.
 * Times and uptimes are integer epoch milliseconds held in float64 (exact up to 2^53).
 */

export const FLOAT_COLUMNS = ['first', 'last', 'uptime', 'dayFirst', 'dayLast', 'dayUptime', 'dayHeightSum'] as const;
export const INT_COLUMNS = ['lastSeq', 'height', 'payout', 'day', 'dayCount', 'dayPayout'] as const;

/** Marks "no day accumulated" (day numbers of real scrapes are never negative). */
export const NO_DAY = -1;

/** Values in a StoredFarmerRow. */
export const STORED_ROW_VALUES = 7;

/** What one agg_farmers row holds, in column order (without `written`). */
export type StoredFarmerRow = [addressId: number, first: number, last: number, uptime: number, lastSeq: number, height: number, payout: number];

/** The day accumulators of one address, as rows of stores written before migration 11 hold them (agg_farmers_before_resume). */
export type DayRow = [addressId: number, day: number, dayFirst: number, dayLast: number, dayUptime: number, dayHeightSum: number, dayCount: number, dayPayout: number];

/** Everything the state holds about one address. */
export type FarmerRow = [
  addressId: number, first: number, last: number, uptime: number, lastSeq: number, height: number, payout: number,
  day: number, dayFirst: number, dayLast: number, dayUptime: number, dayHeightSum: number, dayCount: number, dayPayout: number,
];

export class FarmerState {
  /** First / last scrape time that listed the address (as of lastSeq). */
  first: Float64Array;
  last: Float64Array;
  /** Milliseconds between consecutive snapshots that both listed the address. */
  uptime: Float64Array;
  /** The current day's accumulators (valid for day[a]): first/last seen, uptime, sum of heights. */
  dayFirst: Float64Array;
  dayLast: Float64Array;
  dayUptime: Float64Array;
  dayHeightSum: Float64Array;
  /** Sequence number of the snapshot the row's values are as of; 0 = never seen. */
  lastSeq: Int32Array;
  height: Int32Array;
  payout: Int32Array;
  day: Int32Array;
  dayCount: Int32Array;
  /** Payout address id from the first scrape of the day that listed the address. */
  dayPayout: Int32Array;
  /** Rows whose stored form (above) changed since the last commit. */
  dirty: Uint8Array;
  dirtyIds: number[] = [];
  /** Ids listed by the newest snapshot, ascending. */
  present: Int32Array = new Int32Array(0);
  /** One more than the highest address id held. */
  size = 0;

  constructor(capacity = 1024) {
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
    this.dirty = new Uint8Array(capacity);
  }

  /** Makes room for address ids below `size` (amortised doubling). */
  ensureSize(size: number): void {
    if (size <= this.size) return;
    if (size > this.first.length) {
      let capacity = Math.max(1, this.first.length);
      while (capacity < size) capacity *= 2;
      for (const name of FLOAT_COLUMNS) this[name] = grow(this[name], new Float64Array(capacity));
      for (const name of INT_COLUMNS) this[name] = grow(this[name], new Int32Array(capacity));
      this.dirty = grow(this.dirty, new Uint8Array(capacity));
      this.day.fill(NO_DAY, this.size);
    }
    this.size = size;
  }

  markDirty(id: number): void {
    if (this.dirty[id] === 1) return;
    this.dirty[id] = 1;
    this.dirtyIds.push(id);
  }

  /** The ids of the dirty rows, and clears the dirty set. */
  takeDirtyIds(): number[] {
    const ids = this.dirtyIds;
    for (const id of ids) this.dirty[id] = 0;
    this.dirtyIds = [];
    return ids;
  }

  /** Writes the address's StoredFarmerRow into `target` from `offset` without building the row. */
  copyStoredRow(id: number, target: number[] | Float64Array, offset: number): void {
    target[offset] = id;
    target[offset + 1] = this.first[id]!;
    target[offset + 2] = this.last[id]!;
    target[offset + 3] = this.uptime[id]!;
    target[offset + 4] = this.lastSeq[id]!;
    target[offset + 5] = this.height[id]!;
    target[offset + 6] = this.payout[id]!;
  }

  rowOf(id: number): FarmerRow {
    return [
      id, this.first[id]!, this.last[id]!, this.uptime[id]!, this.lastSeq[id]!, this.height[id]!, this.payout[id]!,
      this.day[id]!, this.dayFirst[id]!, this.dayLast[id]!, this.dayUptime[id]!, this.dayHeightSum[id]!, this.dayCount[id]!, this.dayPayout[id]!,
    ];
  }

  setRow(row: FarmerRow): void {
    this.setStoredRow([row[0], row[1], row[2], row[3], row[4], row[5], row[6]]);
    this.setDayRow([row[0], row[7], row[8], row[9], row[10], row[11], row[12], row[13]]);
  }

  setStoredRow(row: StoredFarmerRow): void {
    const id = row[0];
    this.ensureSize(id + 1);
    this.first[id] = row[1];
    this.last[id] = row[2];
    this.uptime[id] = row[3];
    this.lastSeq[id] = row[4];
    this.height[id] = row[5];
    this.payout[id] = row[6];
  }

  /** Sets the rows `copyStoredRow` wrote one after another into `rows` (STORED_ROW_VALUES each). */
  setStoredRows(rows: Float64Array): void {
    for (let offset = 0; offset < rows.length; offset += STORED_ROW_VALUES) {
      const id = rows[offset]!;
      this.ensureSize(id + 1);
      this.first[id] = rows[offset + 1]!;
      this.last[id] = rows[offset + 2]!;
      this.uptime[id] = rows[offset + 3]!;
      this.lastSeq[id] = rows[offset + 4]!;
      this.height[id] = rows[offset + 5]!;
      this.payout[id] = rows[offset + 6]!;
    }
  }

  setDayRow(row: DayRow): void {
    const id = row[0];
    this.ensureSize(id + 1);
    this.day[id] = row[1];
    this.dayFirst[id] = row[2];
    this.dayLast[id] = row[3];
    this.dayUptime[id] = row[4];
    this.dayHeightSum[id] = row[5];
    this.dayCount[id] = row[6];
    this.dayPayout[id] = row[7];
  }

  /** `present` as a bitmap over address ids (size / 8 bytes), for agg_state. */
  presentBitmap(): Buffer {
    const bitmap = Buffer.alloc(Math.ceil(this.size / 8));
    for (const id of this.present) bitmap[id >> 3]! |= 1 << (id & 7);
    return bitmap;
  }

  /** The heights of `present`, in its order, as 32-bit little-endian integers, for agg_state. */
  presentHeights(): Buffer {
    const heights = Buffer.alloc(this.present.length * 4);
    const view = new DataView(heights.buffer, heights.byteOffset, heights.byteLength);
    for (let index = 0; index < this.present.length; index++) view.setInt32(index * 4, this.height[this.present[index]!]!, true);
    return heights;
  }

  /** Sets the heights of `present` from `presentHeights()`'s bytes for the same ids. */
  setPresentHeights(heights: Uint8Array): void {
    const present = this.present;
    if (heights.length !== present.length * 4) throw new Error(`agg_state holds ${heights.length / 4} heights for ${present.length} listed addresses`);
    const view = new DataView(heights.buffer, heights.byteOffset, heights.byteLength);
    for (let index = 0; index < present.length; index++) this.height[present[index]!] = view.getInt32(index * 4, true);
  }

  setPresentFromBitmap(bitmap: Uint8Array): void {
    const ids: number[] = [];
    for (let byte = 0; byte < bitmap.length; byte++) {
      const bits = bitmap[byte]!;
      if (bits === 0) continue;
      for (let bit = 0; bit < 8; bit++) if ((bits & (1 << bit)) !== 0) ids.push(byte * 8 + bit);
    }
    this.present = Int32Array.from(ids);
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}
