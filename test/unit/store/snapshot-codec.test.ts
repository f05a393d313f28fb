import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_CODEC, decodeSnapshot, encodeSnapshot } from '../../../main/store/snapshot-codec.js';
import type { SnapshotColumns } from '../../../main/store/raw-store.js';

const MAX_ID = 2 ** 31 - 1;

/** Columns as the store builds them: strictly increasing ids, non-negative values below 2^31. */
const columnsArbitrary = fc
  .uniqueArray(fc.integer({ min: 1, max: MAX_ID }), { maxLength: 300 })
  .chain((unsortedIds) => {
    const ids = [...unsortedIds].sort((a, b) => a - b);
    const count = ids.length;
    return fc
      .record({
        heights: fc.array(fc.integer({ min: 0, max: 199_999 }), { minLength: count, maxLength: count }),
        lastSeen: fc.array(fc.integer({ min: 0, max: MAX_ID }), { minLength: count, maxLength: count }),
        // Either the farmer itself, or any other id.
        payoutChoices: fc.array(fc.option(fc.integer({ min: 1, max: MAX_ID - 1 })), { minLength: count, maxLength: count }),
      })
      .map(({ heights, lastSeen, payoutChoices }): SnapshotColumns => ({
        ids: Int32Array.from(ids),
        heights: Int32Array.from(heights),
        lastSeen: Int32Array.from(lastSeen),
        payouts: Int32Array.from(payoutChoices.map((choice, index) => choice ?? ids[index]!)),
      }));
  });

describe('snapshot codec', () => {
  it('decodes exactly what it encoded, for any snapshot', () => {
    fc.assert(
      fc.property(columnsArbitrary, (columns) => {
        expect(decodeSnapshot(SNAPSHOT_CODEC, encodeSnapshot(columns))).toEqual(columns);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses ids that are not strictly increasing', () => {
    const columns: SnapshotColumns = {
      ids: Int32Array.from([3, 3]),
      heights: Int32Array.from([1, 1]),
      lastSeen: Int32Array.from([1, 1]),
      payouts: Int32Array.from([3, 3]),
    };
    expect(() => encodeSnapshot(columns)).toThrow(/strictly increasing/);
  });

  it('refuses an unknown codec version', () => {
    expect(() => decodeSnapshot(99, new Uint8Array())).toThrow(/unknown snapshot codec 99/);
  });
});
