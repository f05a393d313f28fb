import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeCheckpointState, encodeCheckpointState } from '../../../main/jobs/checkpoint-codec.js';
import { applyDayState, encodeDayState } from '../../../main/jobs/day-state-codec.js';
import { FarmerState, NO_DAY } from '../../../main/jobs/farmer-state.js';

const DAY = 86_400_000;
const day = 20_000;
/** The newest snapshot: seq 9 at 10,000 ms into `day`. */
const frame = { snapshotSeq: 9, lastSnapshotTime: day * DAY + 10_000 };
const t = (ms: number): number => day * DAY + ms;

/** Address 3 listed since seq 6 with height 120 (extends implicitly), 5 left at seq 4 on the day, 7 has no open day, 6 pays 2. */
function state(): FarmerState {
  const farmers = new FarmerState(4);
  farmers.ensureSize(8);
  farmers.setRow([3, t(1000), t(6000), 2500, 6, 120, 3, day, t(1000), t(6000), 2500, 600, 5, 3]);
  farmers.setRow([5, t(2000), t(4000), 1000, 4, 0, 5, day, t(2000), t(4000), 1000, 0, 2, 5]);
  farmers.setRow([6, t(9000), t(10_000), 1000, 9, 8, 2, day, t(9000), t(10_000), 1000, 16, 2, 2]);
  farmers.setRow([7, t(500), t(900), 400, 2, 1, 7, NO_DAY, 0, 0, 0, 0, 0, 0]);
  farmers.present = Int32Array.from([3, 6]);
  return farmers;
}

function roundTrip(farmers: FarmerState): FarmerState {
  const decoded = decodeCheckpointState(frame, encodeCheckpointState(frame, farmers));
  applyDayState(frame, encodeDayState(frame, farmers), decoded);
  return decoded;
}

describe('the day state codec', () => {
  it('keeps the open day of every address, with listed rows brought up to the newest snapshot as Fold.extend would', () => {
    const decoded = roundTrip(state());
    // Address 3: three more snapshots at height 120 over the 4,000 ms since its row.
    expect(decoded.rowOf(3)).toEqual([3, t(1000), t(10_000), 6500, 9, 120, 3, day, t(1000), t(10_000), 6500, 960, 8, 3]);
    expect(decoded.rowOf(5)).toEqual([5, t(2000), t(4000), 1000, 4, 0, 5, day, t(2000), t(4000), 1000, 0, 2, 5]);
    expect(decoded.rowOf(6)).toEqual([6, t(9000), t(10_000), 1000, 9, 8, 2, day, t(9000), t(10_000), 1000, 16, 2, 2]);
    expect(decoded.day[7]).toBe(NO_DAY);
    expect(decoded.dayCount[7]).toBe(0);
  });

  it('refuses a damaged blob or one of another state with the reason', () => {
    const decoded = decodeCheckpointState(frame, encodeCheckpointState(frame, state()));
    const blob = encodeDayState(frame, state());
    expect(() => applyDayState(frame, blob.subarray(0, blob.length - 3), decoded)).toThrow();
    expect(() => applyDayState(frame, deflateRawSync(Buffer.from([4])), decoded)).toThrow('day state format 2 is not 1');
    expect(() => applyDayState(frame, deflateRawSync(Buffer.from([2, 4])), decoded)).toThrow('day state of 2 addresses does not match the checkpoint\'s 8');
  });
});
