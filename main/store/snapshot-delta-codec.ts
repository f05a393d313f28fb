import type { SnapshotColumns } from './raw-store.js';
import { predictLastSeen, SnapshotModel, type Prediction } from './snapshot-model.js';
import { unzigzag, VarintReader, VarintWriter, zigzag } from './varint-stream.js';
import { compressFrame, decompressFrame } from './snapshot-frame-compression.js';

/**
 * Codec 2: a snapshot stored as its difference from a base snapshot (the one stored before it),
 * with a whole one (a keyframe) every so often. Both carry the model state (snapshot-model.ts)
 * that predicts each farmer's next last_seen and height, so a delta holds joiners, leavers and
 * what the prediction missed. Decoding a delta needs its base decoded first: the store walks back
 * to the keyframe and forward again (sqlite/snapshot-chain.ts).
 */
export const DELTA_CODEC = 2;

/** A frame's leading varint: the scrape id of its base, or this for a keyframe (scrape ids start at 1). */
const NO_BASE = 0;

/** How a delta's kept farmers' values were predicted; the encoder picks what costs fewer bits. */
const enum Mode {
  /** Height: the base's value; last_seen: none, the raw value. */
  Plain = 0,
  /** Height: the base's value plus its last step; last_seen: the heartbeat model. */
  Model = 1,
}

function checkIncreasing(ids: Int32Array): void {
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) throw new RangeError('snapshot ids must be strictly increasing');
}

/** Codec 1's payout code: 0 when the farmer pays itself, else the payout id + 1. */
const payoutCode = (id: number, payout: number): number => (payout === id ? 0 : payout + 1);
const payoutOf = (id: number, code: number): number => (code === 0 ? id : code - 1);

/** The base scrape id, uncompressed ahead of the compressed body so it can be read alone. */
function frame(baseId: number, body: Uint8Array): Buffer {
  const head = new VarintWriter(8);
  head.put(baseId);
  return Buffer.concat([head.bytes(), compressFrame(body)]);
}

/** A whole snapshot and its model state. */
export function encodeKeyframe(state: SnapshotModel): Buffer {
  const { ids, heights, lastSeen, payouts } = state.columns;
  const count = ids.length;
  checkIncreasing(ids);
  const out = new VarintWriter(16 + count * 12);
  out.put(count);
  out.reserve(count * 7);
  for (let i = 0, previous = 0; i < count; i++) {
    out.write(ids[i]! - previous);
    previous = ids[i]!;
  }
  for (let i = 0; i < count; i++) out.write(heights[i]!);
  for (let i = 0; i < count; i++) out.write(lastSeen[i]!);
  for (let i = 0; i < count; i++) out.write(payoutCode(ids[i]!, payouts[i]!));
  state.write(out);
  return frame(NO_BASE, out.bytes());
}

/** Where each farmer of `columns` was in `base` (-1: a joiner), and the base positions that left. */
function matchIds(base: Int32Array, ids: Int32Array): { from: Int32Array; leavers: number[] } {
  const from = new Int32Array(ids.length);
  const leavers: number[] = [];
  let j = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    while (j < base.length && base[j]! < id) leavers.push(j++);
    from[i] = j < base.length && base[j] === id ? j++ : -1;
  }
  while (j < base.length) leavers.push(j++);
  return { from, leavers };
}

const histogram = new Float64Array(257);

/**
 * Bits a column of residuals would take entropy-coded (order 0): values below 256 are symbols,
 * larger ones one escape symbol plus their bits. Varint lengths would misjudge it: small numbers
 * spread evenly over 31 values cost more than larger ones spread over 16.
 */
function cost(values: Int32Array): number {
  histogram.fill(0);
  let extra = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]! >>> 0;
    if (value < 256) histogram[value]!++;
    else {
      histogram[256]!++;
      extra += 32 - Math.clz32(value);
    }
  }
  let bits = extra;
  for (let symbol = 0; symbol < histogram.length; symbol++) {
    const count = histogram[symbol]!;
    if (count > 0) bits -= count * Math.log2(count / values.length);
  }
  return bits;
}

/** The cheaper of the two modes for one column, with its residuals. */
function chooseResiduals(plain: Int32Array, modelled: Int32Array): { mode: Mode; residuals: Int32Array } {
  return cost(modelled) < cost(plain) ? { mode: Mode.Model, residuals: modelled } : { mode: Mode.Plain, residuals: plain };
}

/** `columns` as a difference from `base`, the state stored row `baseId` decodes to. */
export function encodeDelta(baseId: number, base: SnapshotModel, columns: SnapshotColumns): { data: Buffer; state: SnapshotModel } {
  if (!Number.isInteger(baseId) || baseId < 1 || baseId > 0xffffffff) throw new RangeError(`snapshot base id ${baseId} is not a scrape id`);
  const { ids, heights, lastSeen, payouts } = columns;
  checkIncreasing(ids);
  const { from, leavers } = matchIds(base.columns.ids, ids);
  const kept = base.columns.ids.length - leavers.length;
  const heightPlain = new Int32Array(kept);
  const heightModel = new Int32Array(kept);
  const seenPlain = new Int32Array(kept);
  const seenModel = new Int32Array(kept);
  const payoutDiff = new Int32Array(kept);
  const prediction: Prediction = { height: 0, lastSeen: 0 };
  const out = new VarintWriter(64 + ids.length * 3);
  out.put(ids.length);
  out.put(leavers.length);
  out.reserve(leavers.length);
  for (let i = 0, previous = -1; i < leavers.length; i++) {
    out.write(leavers[i]! - previous - 1);
    previous = leavers[i]!;
  }
  const joiners: number[] = [];
  for (let i = 0, k = 0; i < ids.length; i++) {
    const at = from[i]!;
    if (at === -1) {
      joiners.push(i);
      continue;
    }
    base.predict(at, prediction);
    heightPlain[k] = zigzag((heights[i]! - base.columns.heights[at]!) | 0);
    heightModel[k] = zigzag((heights[i]! - prediction.height) | 0);
    seenPlain[k] = lastSeen[i]!;
    seenModel[k] = zigzag((lastSeen[i]! - prediction.lastSeen) | 0);
    payoutDiff[k] = payouts[i] === base.columns.payouts[at] ? 0 : payoutCode(ids[i]!, payouts[i]!) + 1;
    k++;
  }
  out.put(joiners.length);
  out.reserve(joiners.length * 4);
  for (let j = 0, previous = 0; j < joiners.length; j++) {
    out.write(ids[joiners[j]!]! - previous);
    previous = ids[joiners[j]!]!;
  }
  for (const i of joiners) out.write(heights[i]!);
  for (const i of joiners) out.write(lastSeen[i]!);
  for (const i of joiners) out.write(payoutCode(ids[i]!, payouts[i]!));
  const height = chooseResiduals(heightPlain, heightModel);
  const seen = chooseResiduals(seenPlain, seenModel);
  out.put(height.mode);
  out.put(seen.mode);
  out.reserve(kept * 3);
  for (let k = 0; k < kept; k++) out.write(height.residuals[k]!);
  for (let k = 0; k < kept; k++) out.write(seen.residuals[k]!);
  for (let k = 0; k < kept; k++) out.write(payoutDiff[k]!);
  return { data: frame(baseId, out.bytes()), state: base.advance(columns, from) };
}

/** The scrape id of the row a frame is a delta on, or null for a keyframe. */
export function baseIdOf(data: Uint8Array): number | null {
  const baseId = new VarintReader(data).read();
  return baseId === NO_BASE ? null : baseId;
}

function decodeKeyframe(input: VarintReader): SnapshotModel {
  const count = input.readCount('farmer');
  const ids = new Int32Array(count);
  const heights = new Int32Array(count);
  const lastSeen = new Int32Array(count);
  const payouts = new Int32Array(count);
  for (let i = 0, previous = 0; i < count; i++) previous = ids[i] = (previous + input.read()) | 0;
  for (let i = 0; i < count; i++) heights[i] = input.read();
  for (let i = 0; i < count; i++) lastSeen[i] = input.read();
  for (let i = 0; i < count; i++) payouts[i] = payoutOf(ids[i]!, input.read());
  checkIncreasing(ids);
  return SnapshotModel.read({ ids, heights, lastSeen, payouts }, input);
}

/** Leaver positions in `base` (strictly increasing, inside it). */
function readLeavers(input: VarintReader, baseCount: number): Uint8Array {
  const leaving = new Uint8Array(baseCount);
  const count = input.readCount('leaver');
  for (let i = 0, previous = -1; i < count; i++) {
    const at = previous + 1 + input.read();
    if (at >= baseCount) throw new Error(`snapshot delta removes farmer ${at} of a base of ${baseCount}`);
    leaving[at] = 1;
    previous = at;
  }
  return leaving;
}

/** The kept base farmers merged with the joiners, both in id order: ids, and where each was in the base (-1: joiner). */
function mergeIds(baseIds: Int32Array, leaving: Uint8Array, joinerIds: Int32Array, count: number): { ids: Int32Array; from: Int32Array } {
  const ids = new Int32Array(count);
  const from = new Int32Array(count);
  let b = 0;
  let j = 0;
  for (let i = 0; i < count; i++) {
    while (b < leaving.length && leaving[b] === 1) b++;
    const keptId = b < leaving.length ? baseIds[b]! : null;
    const joinerId = j < joinerIds.length ? joinerIds[j]! : null;
    if (keptId === null && joinerId === null) throw new Error('snapshot delta has fewer farmers than it says');
    if (joinerId === null || (keptId !== null && keptId < joinerId)) {
      ids[i] = keptId!;
      from[i] = b++;
    } else {
      if (keptId === joinerId) throw new Error(`snapshot delta adds farmer ${joinerId}, which its base already has`);
      ids[i] = joinerId;
      from[i] = -1;
      j++;
    }
  }
  while (b < leaving.length && leaving[b] === 1) b++;
  if (b < leaving.length || j < joinerIds.length) throw new Error('snapshot delta has more farmers than it says');
  return { ids, from };
}

function decodeDelta(input: VarintReader, base: SnapshotModel): SnapshotModel {
  const baseColumns = base.columns;
  const count = input.readCount('farmer');
  const leaving = readLeavers(input, baseColumns.ids.length);
  const joinerCount = input.readCount('joiner');
  const joinerIds = new Int32Array(joinerCount);
  for (let j = 0, previous = 0; j < joinerCount; j++) previous = joinerIds[j] = (previous + input.read()) | 0;
  checkIncreasing(joinerIds);
  const { ids, from } = mergeIds(baseColumns.ids, leaving, joinerIds, count);
  const heights = new Int32Array(count);
  const lastSeen = new Int32Array(count);
  const payouts = new Int32Array(count);
  for (let i = 0; i < count; i++) if (from[i] === -1) heights[i] = input.read();
  for (let i = 0; i < count; i++) if (from[i] === -1) lastSeen[i] = input.read();
  for (let i = 0; i < count; i++) if (from[i] === -1) payouts[i] = payoutOf(ids[i]!, input.read());
  const heightMode = input.read();
  const seenMode = input.read();
  if (heightMode > Mode.Model || seenMode > Mode.Model) throw new Error(`snapshot delta has unknown modes ${heightMode}/${seenMode}`);
  // The predictions inline (not `base.predict`): this loop is most of a sequential read.
  const baseHeights = baseColumns.heights;
  const heightStep = heightMode === Mode.Model ? base.heightStep : new Int32Array(baseHeights.length);
  for (let i = 0; i < count; i++) {
    const at = from[i]!;
    if (at !== -1) heights[i] = (baseHeights[at]! + heightStep[at]! + unzigzag(input.read())) | 0;
  }
  const baseSeen = baseColumns.lastSeen;
  const { stepA, stepB } = base;
  for (let i = 0; i < count; i++) {
    const at = from[i]!;
    if (at === -1) continue;
    lastSeen[i] = seenMode === Mode.Plain ? input.read() : (predictLastSeen(baseSeen[at]!, stepA[at]!, stepB[at]!) + unzigzag(input.read())) | 0;
  }
  const basePayouts = baseColumns.payouts;
  for (let i = 0; i < count; i++) {
    const at = from[i]!;
    if (at === -1) continue;
    const code = input.read();
    payouts[i] = code === 0 ? basePayouts[at]! : payoutOf(ids[i]!, code - 1);
  }
  const columns = { ids, heights, lastSeen, payouts };
  return base.advance(columns, from);
}

/**
 * A codec-2 row back to columns and model state: a keyframe alone, a delta on the state its base
 * row (`baseIdOf`) decoded to, which the caller passes with that row's id.
 */
export function decodeFrame(data: Uint8Array, base: { id: number; state: SnapshotModel } | null): SnapshotModel {
  const head = new VarintReader(data);
  const baseId = head.read();
  const input = new VarintReader(decompressFrame(data.subarray(head.offset)));
  let state: SnapshotModel;
  if (baseId === NO_BASE) state = decodeKeyframe(input);
  else {
    if (base === null || base.id !== baseId) throw new Error(`snapshot delta on row ${baseId} decoded without that row (given ${base?.id ?? 'none'})`);
    state = decodeDelta(input, base.state);
  }
  if (!input.done) throw new Error('snapshot has trailing bytes');
  return state;
}

/** The model after `columns` when it follows `base` (null: no usable base, a fresh start). */
export function modelAfter(base: SnapshotModel | null, columns: SnapshotColumns): SnapshotModel {
  if (base === null) return SnapshotModel.fresh(columns);
  checkIncreasing(columns.ids);
  return base.advance(columns, matchIds(base.columns.ids, columns.ids).from);
}
