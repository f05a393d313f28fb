import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../main/collector/backoff.js';

describe('retryDelayMs', () => {
  it('doubles with each consecutive failure from the base, up to the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => retryDelayMs(failures, 30_000, 900_000, top))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000,
    ]);
    expect(retryDelayMs(1_000, 30_000, 900_000, top)).toBe(900_000);
  });

  it('jitters between half and all of the delay', () => {
    expect(retryDelayMs(3, 1_000, 60_000, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, 1_000, 60_000, () => 0.5)).toBe(3_000);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelayMs(2, 1_000, 60_000);
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });
});
