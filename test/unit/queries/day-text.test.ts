import { describe, expect, it } from 'vitest';
import { isoDay, summaryDate } from '../../../shared/formulas.js';
import { cachedIsoDay, cachedSummaryDate } from '../../../main/queries/day-text.js';

describe('cached day texts', () => {
  it('equal the formulas for every day, also after the cache is full and starts over', () => {
    // 10,000 days from 1990 overflow the 4,096-entry cache twice; each day is asked twice.
    const first = Date.UTC(1990, 0, 1) / 86_400_000;
    for (let round = 0; round < 2; round++) {
      for (let day = first; day < first + 10_000; day++) {
        expect(cachedIsoDay(day)).toBe(isoDay(day));
        expect(cachedSummaryDate(day)).toBe(summaryDate(day));
      }
    }
    expect(cachedSummaryDate(Date.UTC(2015, 10, 11) / 86_400_000)).toBe('2015-11-11 00:00:00');
  });
});
