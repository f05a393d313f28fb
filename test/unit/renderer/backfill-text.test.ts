import { describe, expect, it } from 'vitest';
import type { BackfillProgress } from '../../../shared/model/status.js';
import { backfillPercent, backfillText } from '../../../renderer/lib/backfill-text.js';

const progress = (done: number, total: number, days: number, remainingSeconds: number | null): BackfillProgress => ({
  done,
  total,
  days,
  startedAt: 0,
  remainingSeconds,
});

describe('the backfill line', () => {
  it('says how much is filled and about how long is left', () => {
    expect(backfillText(progress(3_629, 8_640, 30, 6))).toBe('Filling 30 days of demo history: 42 % · about 6 s left');
    expect(backfillText(progress(100, 8_640, 30, 400))).toBe('Filling 30 days of demo history: 1 % · about 7 min left');
  });

  it('has no estimate before the first batch, and names a gap shorter than a day in hours', () => {
    expect(backfillText(progress(0, 0, 0, null))).toBe('Filling in demo history…');
    expect(backfillText(progress(0, 36, 0.125, null))).toBe('Filling 3 hours of demo history: 0 %');
    expect(backfillText(progress(10, 288, 1, 3))).toBe('Filling 1 day of demo history: 3 % · about 3 s left');
  });

  it('reaches 100 % only with the last scrape', () => {
    expect(backfillPercent(progress(8_639, 8_640, 30, 0))).toBe(99);
    expect(backfillPercent(progress(8_640, 8_640, 30, 0))).toBe(100);
  });
});
