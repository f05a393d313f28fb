import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalTerabytes } from '../../../shared/model/dataserv.js';

/**
 * Python 3's `round(n * (2**27 / 1024**4), 2)`, computed independently with BigInt: the exact
 * value is n / 8192 TiB, so in hundredths it is 100n / 8192; the nearest integer wins and a tie
 * goes to the even one.
 */
function pythonRound(n: number): number {
  const numerator = 100n * BigInt(n);
  const denominator = 8192n;
  const floor = numerator / denominator;
  const twice = 2n * (numerator - floor * denominator);
  const up = twice > denominator || (twice === denominator && floor % 2n === 1n);
  return Number(up ? floor + 1n : floor) / 100;
}

describe('totalTerabytes, the status server\'s total_TB', () => {
  it.each([
    // The ties: exactly half a hundredth. Python rounds to the even hundredth; half-up would not.
    [1024, 0.12],
    [3072, 0.38],
    [5120, 0.62],
    [7168, 0.88],
    [1024 + 4096 * 1000, 500.12],
    // Not ties: the ordinary nearest hundredth.
    [0, 0],
    [1, 0],
    [41, 0.01],
    [1025, 0.13],
    [1023, 0.12],
    [199_999, 24.41],
    [12_088_033, 1475.59],
  ])('height sum %i gives %f TB', (heightSum, expected) => {
    expect(totalTerabytes(heightSum)).toBe(expected);
  });

  it('differs from half-up exactly when the sum is 1,024 modulo 4,096', () => {
    const halfUp = (n: number) => Math.round(((n * 2 ** 27) / 1024 ** 4) * 100) / 100;
    for (let n = 0; n < 3 * 4096; n++) expect(totalTerabytes(n) !== halfUp(n)).toBe(n % 4096 === 1024);
  });

  it('matches Python\'s rounding for any sum of up to 250,000 farmers at the height limit', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 250_000 * 199_999 }), (n) => totalTerabytes(n) === pythonRound(n)));
  });

  it('refuses a sum it cannot total exactly', () => {
    expect(() => totalTerabytes(-1)).toThrow(/height sum -1/);
    expect(() => totalTerabytes(2 ** 53)).toThrow(RangeError);
  });
});
