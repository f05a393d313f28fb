import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { dayOf } from '../../shared/formulas.js';
import { NO_DAY, type FarmerState } from './farmer-state.js';
import { VarintReader, VarintWriter } from './checkpoint-varints.js';
import type { CheckpointFrame } from './checkpoint-codec.js';

/**
 * The open day's accumulators of a fold's farmer state (day, first and last time of the day,
 * uptime, sum of heights, count and payout), the part a checkpoint blob (checkpoint-codec.ts)
 * leaves out. With it, a checkpoint resumes the fold exactly: the job folds on from it without
 * any per-farmer row. Rows listed by the newest snapshot are brought up to it as `Fold.extend`
 * would (as the checkpoint blob brings their last seen and uptime), so the two blobs agree.
 * Every number is a zigzag varint relative to something close (the newest snapshot's day and
 * time), raw deflate does the rest.
 */

/** Format tag in the first byte: a blob of another format is refused rather than misread. */
const FORMAT = 1;
const DEFLATE_OPTIONS = { level: constants.Z_DEFAULT_COMPRESSION };

export function encodeDayState(frame: CheckpointFrame, state: FarmerState): Buffer {
  const newest = frame.lastSnapshotTime ?? 0;
  const newestDay = dayOf(newest);
  const listed = new Uint8Array(state.size);
  for (const id of state.present) listed[id] = 1;
  const writer = new VarintWriter(64 + state.size * 12);
  writer.write(FORMAT);
  writer.write(state.size);
  let previousId = -1;
  let rows = 0;
  for (let id = 0; id < state.size; id++) if (state.day[id] !== NO_DAY) rows += 1;
  writer.write(rows);
  for (let id = 0; id < state.size; id++) {
    if (state.day[id] === NO_DAY) continue;
    // A listed row's values extend unchanged to the newest snapshot, all within its day (farmer-state.ts).
    const snapshots = listed[id] === 1 ? frame.snapshotSeq - state.lastSeq[id]! : 0;
    const elapsed = snapshots > 0 ? newest - state.last[id]! : 0;
    writer.write(id - previousId);
    previousId = id;
    writer.write(newestDay - state.day[id]!);
    writer.write(newest - state.dayFirst[id]!);
    writer.write(snapshots > 0 ? 0 : newest - state.dayLast[id]!);
    writer.write(state.dayUptime[id]! + elapsed);
    writer.write(state.dayHeightSum[id]! + state.height[id]! * Math.max(0, snapshots));
    writer.write(state.dayCount[id]! + Math.max(0, snapshots));
    writer.write(state.dayPayout[id] === id ? 0 : state.dayPayout[id]! + 1);
  }
  return deflateRawSync(writer.bytes(), DEFLATE_OPTIONS);
}

/** Sets the day accumulators of `state` (decoded from the checkpoint blob of the same frame); throws on a damaged blob. */
export function applyDayState(frame: CheckpointFrame, blob: Uint8Array, state: FarmerState): void {
  const reader = new VarintReader(inflateRawSync(blob));
  const format = reader.read();
  if (format !== FORMAT) throw new Error(`day state format ${format} is not ${FORMAT}`);
  const newest = frame.lastSnapshotTime ?? 0;
  const newestDay = dayOf(newest);
  const size = reader.read();
  if (size !== state.size) throw new Error(`day state of ${size} addresses does not match the checkpoint's ${state.size}`);
  const rows = reader.read();
  let id = -1;
  for (let row = 0; row < rows; row++) {
    id += reader.read();
    if (id >= size) throw new Error(`day state row ${row}: address id ${id} is outside the size ${size}`);
    state.day[id] = newestDay - reader.read();
    state.dayFirst[id] = newest - reader.read();
    state.dayLast[id] = newest - reader.read();
    state.dayUptime[id] = reader.read();
    state.dayHeightSum[id] = reader.read();
    state.dayCount[id] = reader.read();
    const payout = reader.read();
    state.dayPayout[id] = payout === 0 ? id : payout - 1;
  }
  reader.expectEnd();
}
