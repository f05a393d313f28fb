import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotColumns } from '../../../main/store/raw-store.js';
import { baseIdOf, decodeFrame, encodeDelta, encodeKeyframe, modelAfter } from '../../../main/store/snapshot-delta-codec.js';
import { predictLastSeen, SnapshotModel } from '../../../main/store/snapshot-model.js';

const MAX = 2 ** 31 - 1;

/** Farmers by id with values; `columns` sorts them as the store does. */
type Farmers = Map<number, { height: number; lastSeen: number; payout: number }>;

function columnsOf(farmers: Farmers): SnapshotColumns {
  const ids = [...farmers.keys()].sort((a, b) => a - b);
  return {
    ids: Int32Array.from(ids),
    heights: Int32Array.from(ids, (id) => farmers.get(id)!.height),
    lastSeen: Int32Array.from(ids, (id) => farmers.get(id)!.lastSeen),
    payouts: Int32Array.from(ids, (id) => farmers.get(id)!.payout),
  };
}

/** Encodes `snapshots` as one chain (keyframe, then deltas, a keyframe every `interval`) and decodes it back. */
function roundTrip(snapshots: readonly SnapshotColumns[], interval = 1_000): SnapshotColumns[] {
  const frames: Buffer[] = [];
  let state: SnapshotModel | null = null;
  snapshots.forEach((columns, index) => {
    if (state === null || index % interval === 0) {
      state = modelAfter(state, columns);
      frames.push(encodeKeyframe(state));
    } else {
      const delta = encodeDelta(index, state, columns);
      frames.push(delta.data);
      state = delta.state;
    }
  });
  let decoded: SnapshotModel | null = null;
  return frames.map((data, index) => {
    decoded = decodeFrame(data, decoded === null ? null : { id: index, state: decoded });
    return decoded.columns;
  });
}

/** Snapshots of a random population: farmers join, leave, rejoin, change heights, payouts and last_seen, up to the extremes. */
const historyArbitrary = fc
  .array(
    fc.array(
      fc.record({
        id: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: MAX })),
        height: fc.oneof(fc.integer({ min: 0, max: 199_999 }), fc.constantFrom(0, MAX)),
        lastSeen: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0, MAX)),
        payout: fc.option(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(MAX))),
      }),
      { maxLength: 30 },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((scrapes) =>
    scrapes.map((entries) => {
      const farmers: Farmers = new Map();
      for (const entry of entries) farmers.set(entry.id, { height: entry.height, lastSeen: entry.lastSeen, payout: entry.payout ?? entry.id });
      return columnsOf(farmers);
    }),
  );

describe('snapshot codec 2 (deltas and keyframes)', () => {
  it('decodes every snapshot of any history exactly, with keyframes anywhere', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 1, max: 5 }), (snapshots, interval) => {
        expect(roundTrip(snapshots, interval)).toEqual(snapshots);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps empty snapshots, a farmer leaving and rejoining, payout changes and the largest values', () => {
    const a = new Map([[7, { height: 10, lastSeen: 5, payout: 7 }], [9, { height: MAX, lastSeen: MAX, payout: MAX }]]);
    const snapshots = [
      columnsOf(a),
      columnsOf(new Map()),
      columnsOf(new Map([[9, { height: 0, lastSeen: 0, payout: 3 }]])),
      columnsOf(new Map([[7, { height: 11, lastSeen: 65, payout: 4 }], [9, { height: 0, lastSeen: MAX, payout: 9 }]])),
      columnsOf(a),
    ];
    expect(roundTrip(snapshots)).toEqual(snapshots);
  });

  it('stores a steady network in a small fraction of the keyframe: heartbeats on a timer are predicted', () => {
    // 2,000 farmers checking in every 20–120 s, scraped every 300 s; a few heights change.
    const period = (id: number): number => 20 + ((id * 37) % 101);
    const snapshotAt = (scrape: number): SnapshotColumns =>
      columnsOf(new Map(Array.from({ length: 2_000 }, (_, i) => [i + 1, { height: 1_000 + i + (scrape > 3 && i % 100 === 0 ? scrape : 0), lastSeen: (i * 13 + scrape * 300) % period(i + 1), payout: i + 1 }])));
    let state = modelAfter(null, snapshotAt(0));
    const keyframe = encodeKeyframe(state).length;
    const deltas: number[] = [];
    for (let scrape = 1; scrape < 12; scrape++) {
      const delta = encodeDelta(scrape, state, snapshotAt(scrape));
      expect(decodeFrame(delta.data, { id: scrape, state }).columns).toEqual(snapshotAt(scrape));
      deltas.push(delta.data.length);
      state = delta.state;
    }
    // Once two steps per farmer are known the deltas are a few hundred bytes against kilobytes.
    expect(Math.max(...deltas.slice(-4))).toBeLessThan(keyframe / 10);
  });

  it('names the base a delta needs and refuses to decode it on any other', () => {
    const one = columnsOf(new Map([[1, { height: 1, lastSeen: 1, payout: 1 }]]));
    const state = modelAfter(null, one);
    const keyframe = encodeKeyframe(state);
    const { data } = encodeDelta(41, state, one);
    expect(baseIdOf(keyframe)).toBeNull();
    expect(baseIdOf(data)).toBe(41);
    expect(() => decodeFrame(data, null)).toThrow(/delta on row 41 decoded without that row/);
    expect(() => decodeFrame(data, { id: 40, state })).toThrow(/delta on row 41 decoded without that row \(given 40\)/);
    expect(() => encodeDelta(0, state, one)).toThrow(/base id 0/);
  });

  it('refuses truncated frames and ids out of order', () => {
    const columns = columnsOf(new Map([[1, { height: 5, lastSeen: 2, payout: 1 }], [2, { height: 6, lastSeen: 3, payout: 1 }]]));
    const keyframe = encodeKeyframe(SnapshotModel.fresh(columns));
    expect(() => decodeFrame(keyframe.subarray(0, keyframe.length - 1), null)).toThrow();
    const unsorted = { ...columns, ids: Int32Array.from([2, 1]) };
    expect(() => encodeKeyframe(SnapshotModel.fresh(unsorted))).toThrow(/strictly increasing/);
    expect(() => encodeDelta(1, SnapshotModel.fresh(columns), unsorted)).toThrow(/strictly increasing/);
  });
});

describe('the last_seen prediction', () => {
  it('follows a heartbeat of P seconds scraped every T seconds, wrap included, once two steps are known', () => {
    // P = 70, T = 300: each scrape adds 20 (300 mod 70), wrapping below 70: steps +20 and −50.
    expect(predictLastSeen(10, 20, -50)).toBe(30);
    expect(predictLastSeen(55, 20, -50)).toBe(5);
    expect(predictLastSeen(10, 20, -2_147_483_648)).toBe(30);
    expect(predictLastSeen(10, -2_147_483_648, -2_147_483_648)).toBe(10);
  });
});
