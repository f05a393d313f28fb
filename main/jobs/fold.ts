import type { RawCursor, RawScrape, SnapshotColumns, TotalReading } from '../store/raw-store.js';
import { FarmerState, NO_DAY } from './farmer-state.js';
import { dayOf, dayPoints, dayStartOf, hourStartOf } from '../../shared/formulas.js';

/** Running min/max/sum/last of the network totals over one hour or one day. */
export interface SeriesBucket {
  start: number;
  samples: number;
  tbSum: number;
  tbMin: number;
  tbMax: number;
  tbLast: number;
  farmersSum: number;
  farmersMin: number;
  farmersMax: number;
  farmersLast: number;
}

export interface SeriesRow {
  time: number;
  seq: number;
  totalTB: number;
  totalFarmers: number;
}

export interface SummaryOutput {
  addressId: number;
  day: number;
  payoutId: number;
  uptimeMs: number;
  durationMs: number;
  height: number;
  points: number;
}

/** Everything about the fold that is not per address; stored as JSON in agg_state. */
export interface FoldHeader {
  format: 2;
  /** Counts rebuilds, so readers caching rows by `written` know to reload everything. */
  generation: number;
  /** The newest folded record: the job's progress marker. */
  cursor: RawCursor | null;
  /** The raw store's insertion mark when the job last looked for history inserted behind the cursor. */
  insertMark: string | null;
  /** `meta.imported_history_version` the imported-derived totals were computed for. */
  importVersion: string | null;
  /** Records folded (numbers the series rows). */
  records: number;
  observations: number;
  /** Snapshots folded; the newest one's sequence number. */
  snapshotSeq: number;
  lastSnapshotTime: number | null;
  /** Day of the newest folded record; its summaries are pending until a later day arrives. */
  openDay: number | null;
  hour: SeriesBucket | null;
  day: SeriesBucket | null;
  newestTotal: { time: number; totalTB: number; totalFarmers: number } | null;
  size: number;
}

export const emptyHeader = (generation = 0): FoldHeader => ({
  format: 2,
  generation,
  cursor: null,
  insertMark: null,
  importVersion: null,
  records: 0,
  observations: 0,
  snapshotSeq: 0,
  lastSnapshotTime: null,
  openDay: null,
  hour: null,
  day: null,
  newestTotal: null,
  size: 0,
});

/** Outputs produced since the last commit. */
export interface PendingOutputs {
  series: SeriesRow[];
  hourly: Map<number, SeriesBucket>;
  daily: Map<number, SeriesBucket>;
  summaries: SummaryOutput[];
  /** Days whose summaries were just completed (their totals need computing). */
  completedDays: number[];
}

export const emptyPending = (): PendingOutputs => ({
  series: [],
  hourly: new Map(),
  daily: new Map(),
  summaries: [],
  completedDays: [],
});

/**
 * Folds raw records, in (time, key) order, into the farmer state and the network series. Pure and
 * synchronous: no I/O, so one scrape's fold can be tested in-process and costs time proportional
 * to the farmers in it, never to the history.
 */
export class Fold {
  pending: PendingOutputs = emptyPending();

  constructor(
    readonly header: FoldHeader = emptyHeader(),
    readonly farmers: FarmerState = new FarmerState(),
  ) {}

  foldRecord(record: RawScrape): void {
    const header = this.header;
    const day = dayOf(record.time);
    // A record from a later UTC day completes the open day (docs/formulas.md, "Daily summaries": a day is summarised once complete).
    if (header.openDay !== null && day > header.openDay) this.completeDay(header.openDay);
    header.openDay = header.openDay === null ? day : Math.max(header.openDay, day);
    header.records += 1;
    if (record.total) this.foldTotal(record.time, record.total);
    if (record.snapshot) this.foldSnapshot(record.time, day, record.snapshot);
    header.cursor = record.cursor;
  }

  private foldTotal(time: number, total: TotalReading): void {
    const header = this.header;
    this.pending.series.push({ time, seq: header.records, totalTB: total.totalTB, totalFarmers: total.totalFarmers });
    header.hour = addToBucket(header.hour, hourStartOf(time), total);
    header.day = addToBucket(header.day, dayStartOf(time), total);
    this.pending.hourly.set(header.hour.start, { ...header.hour });
    this.pending.daily.set(header.day.start, { ...header.day });
    header.newestTotal = { time, totalTB: total.totalTB, totalFarmers: total.totalFarmers };
  }

  /**
   * Walks the snapshot's sorted ids against the previous snapshot's (`present`): farmers listed
   * by both with the same height and payout on the same day are left alone (their rows extend
   * implicitly, see farmer-state.ts); joiners, leavers and changed farmers are brought up to date.
   */
  private foldSnapshot(time: number, day: number, snapshot: SnapshotColumns): void {
    const header = this.header;
    const state = this.farmers;
    const { ids, heights, payouts } = snapshot;
    const count = ids.length;
    if (count > 0) state.ensureSize(ids[count - 1]! + 1);
    // "Previous scrape" = the previous record that carries a snapshot (docs/formulas.md, "Uptime": the scrapes are walked in order).
    const previousSeq = header.snapshotSeq;
    const previousTime = header.lastSnapshotTime ?? time;
    const sameDayAsPrevious = header.lastSnapshotTime !== null && dayOf(previousTime) === day;
    const interval = time - previousTime;
    const seq = previousSeq + 1;
    const previous = state.present;
    const { height, payout } = state;
    let next = 0;
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      while (next < previous.length && previous[next]! < id) this.leave(previous[next++]!, previousSeq, previousTime);
      const consecutive = next < previous.length && previous[next] === id;
      if (consecutive) next += 1;
      const newHeight = heights[i]!;
      const newPayout = payouts[i]!;
      if (consecutive && sameDayAsPrevious && height[id] === newHeight && payout[id] === newPayout) continue;
      if (consecutive) this.extend(id, previousSeq, previousTime);
      this.see(id, time, seq, day, consecutive ? interval : -1, newHeight, newPayout);
    }
    while (next < previous.length) this.leave(previous[next++]!, previousSeq, previousTime);
    state.present = ids.slice();
    header.snapshotSeq = seq;
    header.lastSnapshotTime = time;
    header.observations += count;
    header.size = state.size;
  }

  /**
   * Brings a row listed by every snapshot from its `lastSeq` through `toSeq` (same height, payout
   * and day) up to `toSeq`: exactly what folding those snapshots one by one would have done.
   */
  private extend(id: number, toSeq: number, toTime: number): void {
    const state = this.farmers;
    const snapshots = toSeq - state.lastSeq[id]!;
    if (snapshots <= 0) return;
    const elapsed = toTime - state.last[id]!;
    state.uptime[id] = state.uptime[id]! + elapsed;
    state.dayUptime[id] = state.dayUptime[id]! + elapsed;
    state.dayHeightSum[id] = state.dayHeightSum[id]! + state.height[id]! * snapshots;
    state.dayCount[id] = state.dayCount[id]! + snapshots;
    state.dayLast[id] = toTime;
    state.last[id] = toTime;
    state.lastSeq[id] = toSeq;
  }

  private leave(id: number, previousSeq: number, previousTime: number): void {
    this.extend(id, previousSeq, previousTime);
    this.farmers.markDirty(id);
  }

  /** One listing of the address in snapshot `seq`; `interval` ≥ 0 when the previous snapshot listed it too. */
  private see(id: number, time: number, seq: number, day: number, interval: number, newHeight: number, newPayout: number): void {
    const state = this.farmers;
    if (state.lastSeq[id] === 0) state.first[id] = time;
    if (interval >= 0) state.uptime[id] = state.uptime[id]! + interval;
    if (state.day[id] !== day) {
      state.day[id] = day;
      state.dayFirst[id] = time;
      state.dayUptime[id] = 0;
      state.dayHeightSum[id] = 0;
      state.dayCount[id] = 0;
      state.dayPayout[id] = newPayout;
    } else if (interval >= 0) {
      // Same day and listed by the previous snapshot, which is therefore of this day too (docs/formulas.md, "Daily summaries": pairs within the day).
      state.dayUptime[id] = state.dayUptime[id]! + interval;
    }
    state.dayLast[id] = time;
    state.dayHeightSum[id] = state.dayHeightSum[id]! + newHeight;
    state.dayCount[id] = state.dayCount[id]! + 1;
    // A joiner or a new payout changes the stored row; a new height alone does not (farmer-state.ts).
    if (interval < 0 || state.payout[id] !== newPayout) state.markDirty(id);
    state.last[id] = time;
    state.lastSeq[id] = seq;
    state.height[id] = newHeight;
    state.payout[id] = newPayout;
  }

  /** Emits the daily summary (docs/formulas.md, "Daily summaries") of every address seen on `day`. */
  private completeDay(day: number): void {
    const header = this.header;
    const state = this.farmers;
    // Farmers still listed extend implicitly: make their day values exact first.
    if (header.lastSnapshotTime !== null) for (const id of state.present) this.extend(id, header.snapshotSeq, header.lastSnapshotTime);
    const { dayFirst, dayLast, dayUptime, dayHeightSum, dayCount, dayPayout } = state;
    let any = false;
    for (let id = 0; id < state.size; id++) {
      if (state.day[id] !== day || dayCount[id] === 0) continue;
      const durationMs = dayLast[id]! - dayFirst[id]!;
      const meanHeight = dayHeightSum[id]! / dayCount[id]!;
      this.pending.summaries.push({
        addressId: id,
        day,
        payoutId: dayPayout[id]!,
        uptimeMs: dayUptime[id]!,
        durationMs,
        height: meanHeight,
        points: dayPoints(meanHeight, dayUptime[id]!, durationMs),
      });
      // The accumulators are spent; clearing them keeps a replay from emitting the day twice.
      state.day[id] = NO_DAY;
      any = true;
    }
    if (any) this.pending.completedDays.push(day);
  }

  takePending(): PendingOutputs {
    const pending = this.pending;
    this.pending = emptyPending();
    return pending;
  }
}

function addToBucket(bucket: SeriesBucket | null, start: number, total: TotalReading): SeriesBucket {
  const tb = total.totalTB;
  const farmers = total.totalFarmers;
  if (bucket === null || bucket.start !== start) {
    return { start, samples: 1, tbSum: tb, tbMin: tb, tbMax: tb, tbLast: tb, farmersSum: farmers, farmersMin: farmers, farmersMax: farmers, farmersLast: farmers };
  }
  return {
    start,
    samples: bucket.samples + 1,
    tbSum: bucket.tbSum + tb,
    tbMin: Math.min(bucket.tbMin, tb),
    tbMax: Math.max(bucket.tbMax, tb),
    tbLast: tb,
    farmersSum: bucket.farmersSum + farmers,
    farmersMin: Math.min(bucket.farmersMin, farmers),
    farmersMax: Math.max(bucket.farmersMax, farmers),
    farmersLast: farmers,
  };
}
