import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { FarmerState } from './farmer-state.js';
import { VarintReader, VarintWriter } from './checkpoint-varints.js';

/**
 * A fold checkpoint's farmer state as one compact blob: the fields the dashboard's figures and a
 * replay through `Fold` need (first and last seen, uptime, snapshot sequence, height, payout, and
 * the ids listed by the newest snapshot). The day accumulators are left out: they feed only the
 * daily summaries, which the stored tables already hold, so a replayed fold starts every address
 * on a fresh day.
 *
 * Rows listed by the newest snapshot are brought up to it first (as `Fold` would extend them), so
 * their `last` equals the snapshot time. Every number is written as a zigzag LEB128 varint relative
 * to something close: id deltas, times before the newest snapshot, sequences before the newest
 * one. That makes most values one byte and long runs of equal bytes; raw deflate does the rest.
 */

/** Format tag in the first byte: a blob of another format is refused rather than misread. */
const FORMAT = 1;
const DEFLATE_OPTIONS = { level: constants.Z_DEFAULT_COMPRESSION };

export interface CheckpointFrame {
  /** The newest folded snapshot: its sequence number and time (null before the first snapshot). */
  snapshotSeq: number;
  lastSnapshotTime: number | null;
}

export function encodeCheckpointState(frame: CheckpointFrame, state: FarmerState): Buffer {
  const newest = frame.lastSnapshotTime ?? 0;
  const listed = new Uint8Array(state.size);
  for (const id of state.present) listed[id] = 1;
  const writer = new VarintWriter(64 + state.size * 24);
  writer.write(FORMAT);
  writer.write(state.size);
  let rows = 0;
  for (let id = 0; id < state.size; id++) if (state.lastSeq[id] !== 0) rows += 1;
  writer.write(rows);
  let previousId = -1;
  for (let id = 0; id < state.size; id++) {
    if (state.lastSeq[id] === 0) continue;
    const extend = listed[id] === 1;
    writer.write(id - previousId);
    previousId = id;
    writer.write(newest - state.first[id]!);
    writer.write(extend ? 0 : newest - state.last[id]!);
    writer.write(extend ? state.uptime[id]! + (newest - state.last[id]!) : state.uptime[id]!);
    writer.write(extend ? 0 : frame.snapshotSeq - state.lastSeq[id]!);
    writer.write(state.height[id]!);
    writer.write(state.payout[id] === id ? 0 : state.payout[id]! + 1);
  }
  writer.write(state.present.length);
  let previousPresent = -1;
  for (const id of state.present) {
    writer.write(id - previousPresent);
    previousPresent = id;
  }
  return deflateRawSync(writer.bytes(), DEFLATE_OPTIONS);
}

/** The farmer state of a blob written by `encodeCheckpointState` for the same frame; throws on a damaged blob. */
export function decodeCheckpointState(frame: CheckpointFrame, blob: Uint8Array): FarmerState {
  const reader = new VarintReader(inflateRawSync(blob));
  const format = reader.read();
  if (format !== FORMAT) throw new Error(`checkpoint format ${format} is not ${FORMAT}`);
  const newest = frame.lastSnapshotTime ?? 0;
  const size = reader.read();
  const state = new FarmerState(Math.max(1024, size));
  state.ensureSize(size);
  const rows = reader.read();
  let id = -1;
  for (let row = 0; row < rows; row++) {
    id += reader.read();
    if (id >= size) throw new Error(`checkpoint row ${row}: address id ${id} is outside the size ${size}`);
    state.first[id] = newest - reader.read();
    state.last[id] = newest - reader.read();
    state.uptime[id] = reader.read();
    state.lastSeq[id] = frame.snapshotSeq - reader.read();
    state.height[id] = reader.read();
    const payout = reader.read();
    state.payout[id] = payout === 0 ? id : payout - 1;
  }
  const present = new Int32Array(reader.read());
  let previous = -1;
  for (let index = 0; index < present.length; index++) {
    previous += reader.read();
    present[index] = previous;
  }
  state.present = present;
  reader.expectEnd();
  return state;
}
