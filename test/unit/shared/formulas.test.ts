import { describe, expect, it } from 'vitest';
import { dayPoints, heightFn, round2, summaryDate, uptimeBucket, uptimeFn, uptimePercent } from '../../../shared/formulas.js';

describe('the formulas of docs/formulas.md (hand-computed)', () => {
  it('height_fn is 0 at height 0, 0.01 + 0.99·h/199999 otherwise, 1 at the maximum', () => {
    expect(heightFn(0)).toBe(0);
    expect(heightFn(1)).toBe(0.01 + 0.99 / 199999);
    expect(heightFn(199_999)).toBe(1);
    expect(heightFn(100_000)).toBe(0.505002475012375);
  });

  it('uptime_fn is 0.5547 at the 0.85 midpoint and saturates near 1.0000187 at full uptime', () => {
    expect(uptimeFn(0.85)).toBe(0.5547);
    expect(uptimeFn(1)).toBe(1.0000186827840591);
    expect(uptimeFn(0.5)).toBeCloseTo(0.05599234977628734, 15);
  });

  it('points are 0 when the duration is 0, whatever the height and uptime', () => {
    expect(dayPoints(150_000, 0, 0)).toBe(0);
  });

  it('points = height_fn × uptime_fn(uptime/duration) × duration/86400', () => {
    // height 100000, 12 h up over a full day: 0.505002… × 0.055992… × 1
    expect(dayPoints(100_000, 43_200_000, 86_400_000)).toBeCloseTo(0.02827627521878371, 15);
    // the tallest farmer up all of a half day: 1 × 1.0000186… × 0.5
    expect(dayPoints(199_999, 43_200_000, 43_200_000)).toBe(1.0000186827840591 * 0.5);
    // height 0 earns nothing even at full uptime
    expect(dayPoints(0, 86_400_000, 86_400_000)).toBe(0);
  });

  it('uptime % is 100·uptime/(last − first), undefined unless last > first', () => {
    expect(uptimePercent(3_600_000, 0, 7_200_000)).toBe(50);
    expect(uptimePercent(0, 1000, 1000)).toBeNull();
    expect(uptimePercent(5, 2000, 1000)).toBeNull();
  });

  it('histogram buckets are [0,5) … [90,95) and [95,100] with 100 in the last bucket', () => {
    expect(uptimeBucket(0)).toBe(0);
    expect(uptimeBucket(4.999)).toBe(0);
    expect(uptimeBucket(5)).toBe(1);
    expect(uptimeBucket(uptimePercent(1, 0, 20)!)).toBe(1);
    expect(uptimeBucket(94.999)).toBe(18);
    expect(uptimeBucket(95)).toBe(19);
    expect(uptimeBucket(100)).toBe(19);
  });

  it('average capacity rounds total_TB/total_farmers×1000 to 2 decimals', () => {
    expect(round2((1475.59 / 326) * 1000)).toBe(4526.35);
  });

  it('summary dates use the original "YYYY-MM-DD 00:00:00" format of the UTC day', () => {
    expect(summaryDate(Date.UTC(2015, 10, 10) / 86_400_000)).toBe('2015-11-10 00:00:00');
  });
});
