import { describe, expect, it } from 'vitest';
import { checkZonedRange, formatWallClock, formatZonedDateTime, parseWallClock, zoneLabel } from '../../../renderer/lib/time-zone.js';

const LA = 'America/Los_Angeles';
// The case: 07:38 UTC on 3 December is still the evening of 2 December in Los Angeles.
const scrape = Date.UTC(2026, 11, 3, 7, 38);

describe('formatting in a fixed zone', () => {
  it('shows the wall clock of the zone with its short name', () => {
    expect(formatZonedDateTime(scrape, LA)).toBe('2026-12-02 23:38 PST');
    expect(formatZonedDateTime(scrape, 'UTC')).toBe('2026-12-03 07:38 UTC');
    expect(formatZonedDateTime(Date.UTC(2026, 6, 1, 12, 0), LA)).toBe('2026-07-01 05:00 PDT');
  });

  it('names the zone for labels and leaves it out for input fields', () => {
    expect(zoneLabel(scrape, 'UTC')).toBe('UTC');
    expect(formatWallClock(scrape, LA)).toBe('2026-12-02 23:38');
  });
});

describe('reading YYYY-MM-DD HH:mm in a zone', () => {
  it('reads the same text as different instants in different zones', () => {
    expect(parseWallClock('2026-12-02 23:38', LA)).toEqual({ ok: true, epochMs: scrape });
    expect(parseWallClock('2026-12-03 07:38', 'UTC')).toEqual({ ok: true, epochMs: scrape });
  });

  it('round-trips with the formatter, also across a DST change', () => {
    for (const instant of [Date.UTC(2026, 2, 8, 9, 59), Date.UTC(2026, 2, 8, 10, 0), Date.UTC(2026, 10, 1, 11, 0)]) {
      const text = formatWallClock(instant, LA);
      expect(parseWallClock(text, LA)).toEqual({ ok: true, epochMs: instant });
    }
  });

  it('reads an hour the clocks repeat as its first occurrence', () => {
    // 01:30 on 1 November 2026 happens twice in Los Angeles: PDT, then PST.
    expect(parseWallClock('2026-11-01 01:30', LA)).toEqual({ ok: true, epochMs: Date.UTC(2026, 10, 1, 8, 30) });
  });

  it('says what is wrong with text it cannot read', () => {
    expect(parseWallClock('12/02/2026 11:38 PM', 'UTC')).toEqual({ ok: false, reason: 'Use the form YYYY-MM-DD HH:mm, e.g. 2015-11-09 00:00.' });
    expect(parseWallClock('2026-02-30 10:00', 'UTC')).toEqual({ ok: false, reason: '2026-02-30 10:00 is not a date on the calendar.' });
    expect(parseWallClock('2026-02-10 24:00', 'UTC')).toEqual({ ok: false, reason: '2026-02-10 24:00 is not a time of day (00:00 to 23:59).' });
    // 02:30 on 8 March 2026 is skipped in Los Angeles (clocks jump from 02:00 to 03:00).
    expect(parseWallClock('2026-03-08 02:30', LA)).toEqual({ ok: false, reason: '2026-03-08 02:30 does not exist in this time zone (the clocks skip it).' });
  });

  it('checks a custom range as a whole', () => {
    expect(checkZonedRange('2015-11-09 00:00', '2015-11-12 00:00', 'UTC')).toEqual({ ok: true, from: Date.UTC(2015, 10, 9), to: Date.UTC(2015, 10, 12) });
    expect(checkZonedRange('', '2015-11-12 00:00', 'UTC')).toEqual({ ok: false, reason: 'Enter both a start and an end.' });
    expect(checkZonedRange('2015-11-12 00:00', '2015-11-09 00:00', 'UTC')).toEqual({ ok: false, reason: 'The start must be before the end.' });
    expect(checkZonedRange('2015-11-09', '2015-11-12 00:00', 'UTC')).toEqual({ ok: false, reason: 'Start: Use the form YYYY-MM-DD HH:mm, e.g. 2015-11-09 00:00.' });
  });
});
