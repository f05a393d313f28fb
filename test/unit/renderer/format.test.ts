import { describe, expect, it } from 'vitest';
import {
  EMPTY_VALUE,
  formatStorage,
  formatDateTime,
  formatUtcDay,
  uptimeBucketLabel,
  formatDuration,
  formatFarmers,
  formatGigabytes,
  formatHeight,
  formatNumber,
  formatPercent,
  formatRelative,
  formatShare,
  formatTerabytes,
} from '../../../renderer/lib/format.js';

describe('number formatting', () => {
  it('groups thousands and keeps the requested decimals', () => {
    expect(formatNumber(1475.591, 2)).toBe('1,475.59');
    expect(formatNumber(326)).toBe('326');
    expect(formatNumber(0.5, 0)).toBe('1');
  });

  it('shows a dash, never "NaN" or "null", for missing values', () => {
    expect(formatNumber(null)).toBe(EMPTY_VALUE);
    expect(formatNumber(Number.NaN)).toBe(EMPTY_VALUE);
    expect(formatTerabytes(undefined)).toBe(EMPTY_VALUE);
    expect(formatPercent(null)).toBe(EMPTY_VALUE);
  });

  it('puts the unit after the number', () => {
    expect(formatTerabytes(1475.59)).toBe('1,475.59 TB');
    expect(formatGigabytes(4.53)).toBe('4.53 GB');
    expect(formatPercent(87.654)).toBe('87.65 %');
    expect(formatFarmers(1)).toBe('1 farmer');
    expect(formatFarmers(326)).toBe('326 farmers');
  });

  it("sizes heights in the status server's TB (1024⁴ bytes) and its GB (a thousandth), so they add up to the total", () => {
    expect(formatHeight(8192)).toBe('8,192 shards (1.00 TB)');
    expect(formatHeight(1500)).toBe('1,500 shards (183.11 GB)');
    expect(formatHeight(8)).toBe('8 shards (976.6 MB)');
    expect(formatStorage(1475.59)).toBe('1,475.59 TB');
    expect(formatStorage(0)).toBe('0.00 TB');
    expect(formatStorage(null)).toBe(EMPTY_VALUE);
  });
});

describe('histogram and day labels', () => {
  it('labels uptime buckets as plain ranges', () => {
    expect(uptimeBucketLabel(0, 20)).toBe('0–5 %');
    expect(uptimeBucketLabel(19, 20)).toBe('95–100 %');
  });

  it('marks the UTC day still running as unfinished', () => {
    const now = Date.UTC(2026, 11, 3, 7, 38);
    expect(formatUtcDay('2026-12-03', now)).toBe('2026-12-03 (unfinished)');
    expect(formatUtcDay('2026-12-02', now)).toBe('2026-12-02');
  });
});

describe('date and time', () => {
  const evening = Date.UTC(2026, 11, 3, 7, 38);
  it('always names the zone it shows', () => {
    expect(formatDateTime(evening, 'utc')).toBe('2026-12-03 07:38 UTC');
    expect(formatDateTime(null, 'utc')).toBe(EMPTY_VALUE);
  });
});

describe('durations and relative times', () => {
  it('reads as days, hours and minutes', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(84_600)).toBe('23 h 30 min');
    expect(formatDuration(3 * 86_400 + 7200)).toBe('3 d 2 h');
  });

  it('says "ago" for the past and "in" for the future', () => {
    const now = 1_700_000_000_000;
    expect(formatRelative(now - 180_000, now)).toBe('3 min ago');
    expect(formatRelative(now + 120_000, now)).toBe('in 2 min');
    expect(formatRelative(now - 1000, now)).toBe('just now');
    expect(formatRelative(null, now)).toBe(EMPTY_VALUE);
  });
});

describe('share of the day\'s points', () => {
  it('is the percentage of the total, and a dash when the total is zero', () => {
    expect(formatShare(0.61, 140.2)).toBe('0.44 %');
    expect(formatShare(1, 0)).toBe(EMPTY_VALUE);
  });
});
