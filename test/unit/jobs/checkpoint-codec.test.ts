import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeCheckpointState, encodeCheckpointState } from '../../../main/jobs/checkpoint-codec.js';
import { FarmerState } from '../../../main/jobs/farmer-state.js';

/** A state as the fold leaves it: address 3 listed by the newest snapshot (seq 9 at time 10,000), 5 left at seq 4, 7 pays 2. */
function state(): FarmerState {
  const farmers = new FarmerState(4);
  farmers.ensureSize(8);
  farmers.setRow([3, 1000, 6000, 2500, 6, 120, 3, 0, 0, 0, 0, 0, 0, 0]);
  farmers.setRow([5, 2000, 4000, 1000, 4, 0, 5, 0, 0, 0, 0, 0, 0, 0]);
  farmers.setRow([7, 9000, 10_000, 1000, 9, 2 ** 31 - 1, 2, 0, 0, 0, 0, 0, 0, 0]);
  farmers.present = Int32Array.from([3, 7]);
  return farmers;
}
const frame = { snapshotSeq: 9, lastSnapshotTime: 10_000 };

describe('the checkpoint codec', () => {
  it('keeps every field the figures and a replay need, with listed rows brought up to the newest snapshot', () => {
    const decoded = decodeCheckpointState(frame, encodeCheckpointState(frame, state()));
    expect(decoded.size).toBe(8);
    expect(Array.from(decoded.present)).toEqual([3, 7]);
    // Address 3 was listed by every snapshot since seq 6: as Fold.extend would, last = newest, uptime grows by the 4,000 ms since.
    expect(decoded.rowOf(3).slice(0, 7)).toEqual([3, 1000, 10_000, 6500, 9, 120, 3]);
    expect(decoded.rowOf(5).slice(0, 7)).toEqual([5, 2000, 4000, 1000, 4, 0, 5]);
    expect(decoded.rowOf(7).slice(0, 7)).toEqual([7, 9000, 10_000, 1000, 9, 2 ** 31 - 1, 2]);
    expect(decoded.lastSeq[4]).toBe(0);
  });

  it('stores an empty fold', () => {
    const empty = decodeCheckpointState({ snapshotSeq: 0, lastSnapshotTime: null }, encodeCheckpointState({ snapshotSeq: 0, lastSnapshotTime: null }, new FarmerState()));
    expect(empty.size).toBe(0);
    expect(empty.present).toHaveLength(0);
  });

  it('refuses a damaged blob with the reason instead of misreading it', () => {
    const blob = encodeCheckpointState(frame, state());
    expect(() => decodeCheckpointState(frame, blob.subarray(0, blob.length - 3))).toThrow();
    expect(() => decodeCheckpointState(frame, deflateRawSync(Buffer.from([4])))).toThrow('checkpoint format 2 is not 1');
    expect(() => decodeCheckpointState(frame, deflateRawSync(Buffer.from([2, 2, 2, 40])))).toThrow(/address id 19 is outside the size 1/);
  });
});
