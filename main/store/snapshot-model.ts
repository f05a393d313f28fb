import type { SnapshotColumns } from './raw-store.js';
import { unzigzag, type VarintReader, type VarintWriter, zigzag } from './varint-stream.js';

/** No last_seen step seen yet (a real step of two Int32s in range never equals it: see `advance`). */
const NONE = -2_147_483_648;

export interface Prediction {
  height: number;
  lastSeen: number;
}

/**
 * A farmer's last_seen is the time since its last check-in, and farmers check in on a timer: if
 * the heartbeat is P seconds and scrapes come every T, each scrape adds T mod P, wrapping below P.
 * The two distinct steps last seen between scrapes are then T mod P and T mod P − P (give or take
 * a second of rounding), which give P: the next value is the previous plus the larger step, or
 * plus the smaller when that would reach P. With one step known, the prediction repeats it; with
 * none, it repeats the value. It is only a prediction: the residual is stored, so any sequence
 * decodes exactly, and irregular check-ins cost about what their values would.
 */
export function predictLastSeen(previous: number, stepA: number, stepB: number): number {
  if (stepA === NONE) return previous;
  if (stepB === NONE) return (previous + stepA) | 0;
  const high = Math.max(stepA, stepB);
  const low = Math.min(stepA, stepB);
  const wrapped = previous + high;
  return (wrapped >= 0 && wrapped < high - low ? wrapped : previous + low) | 0;
}

/**
 * The columns of a decoded snapshot and, per farmer, what predicts its next values: the last two
 * distinct last_seen steps and the last height step. A pure function of the snapshots before it,
 * so the encoder and the decoder compute the same one; keyframes store it, so it carries on across
 * them. Immutable once built (`advance` makes a new one).
 */
export class SnapshotModel {
  private constructor(
    readonly columns: SnapshotColumns,
    /** Per farmer, the last distinct last_seen step (NONE: none yet). Read-only, like the rest. */
    readonly stepA: Int32Array,
    /** The distinct step before `stepA` (NONE: none yet). */
    readonly stepB: Int32Array,
    /** The last change of height. */
    readonly heightStep: Int32Array,
  ) {}

  /** A snapshot without history: nothing to predict from. */
  static fresh(columns: SnapshotColumns): SnapshotModel {
    const count = columns.ids.length;
    return new SnapshotModel(columns, new Int32Array(count).fill(NONE), new Int32Array(count).fill(NONE), new Int32Array(count));
  }

  /** The prediction for the farmer at position `at` in the next snapshot. */
  predict(at: number, into: Prediction): void {
    into.height = (this.columns.heights[at]! + this.heightStep[at]!) | 0;
    into.lastSeen = predictLastSeen(this.columns.lastSeen[at]!, this.stepA[at]!, this.stepB[at]!);
  }

  /** The model after `columns`, whose farmer i was at `from[i]` here (-1: joined, no history). */
  advance(columns: SnapshotColumns, from: Int32Array): SnapshotModel {
    const count = columns.ids.length;
    const stepA = new Int32Array(count);
    const stepB = new Int32Array(count);
    const heightStep = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const at = from[i]!;
      if (at === -1) {
        stepA[i] = NONE;
        stepB[i] = NONE;
        continue;
      }
      heightStep[i] = (columns.heights[i]! - this.columns.heights[at]!) | 0;
      let step = (columns.lastSeen[i]! - this.columns.lastSeen[at]!) | 0;
      if (step === NONE) step = 0;
      const a = this.stepA[at]!;
      // A step within a second of the last one is the same step, rounded the other way.
      if (a === NONE || Math.abs(step - a) > 1) {
        stepA[i] = step;
        stepB[i] = a;
      } else {
        stepA[i] = a;
        stepB[i] = this.stepB[at]!;
      }
    }
    return new SnapshotModel(columns, stepA, stepB, heightStep);
  }

  /** The state for a keyframe (the columns are written by the caller). */
  write(out: VarintWriter): void {
    const count = this.columns.ids.length;
    out.reserve(count * 3);
    for (let i = 0; i < count; i++) out.write(this.stepA[i] === NONE ? 0 : zigzag(this.stepA[i]!) + 1);
    for (let i = 0; i < count; i++) out.write(this.stepB[i] === NONE ? 0 : zigzag(this.stepB[i]!) + 1);
    for (let i = 0; i < count; i++) out.write(zigzag(this.heightStep[i]!));
  }

  static read(columns: SnapshotColumns, input: VarintReader): SnapshotModel {
    const count = columns.ids.length;
    const stepA = new Int32Array(count);
    const stepB = new Int32Array(count);
    const heightStep = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const code = input.read();
      stepA[i] = code === 0 ? NONE : unzigzag(code - 1);
    }
    for (let i = 0; i < count; i++) {
      const code = input.read();
      stepB[i] = code === 0 ? NONE : unzigzag(code - 1);
    }
    for (let i = 0; i < count; i++) heightStep[i] = unzigzag(input.read());
    return new SnapshotModel(columns, stepA, stepB, heightStep);
  }
}
