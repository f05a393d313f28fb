import { describe, expect, it } from 'vitest';
import { cellText, cellTone, cellTooltip, stripSummary } from '../../../renderer/lib/heartbeat.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 15, 13);

describe('heartbeat cells', () => {
  it('colour an hour by the share of its scrapes that listed the address, and an hour without a scrape as a gap, not as offline', () => {
    expect(cellTone({ start: START, scrapes: 12, listed: 12 })).toBe('all');
    expect(cellTone({ start: START, scrapes: 12, listed: 11 })).toBe('some');
    expect(cellTone({ start: START, scrapes: 12, listed: 0 })).toBe('none');
    expect(cellTone({ start: START, scrapes: 0, listed: 0 })).toBe('gap');
  });

  it('say how many scrapes listed it, with the hour in the displayed zone and its label', () => {
    expect(cellText({ start: START, scrapes: 12, listed: 11 })).toBe('listed in 11 of 12 scrapes');
    expect(cellText({ start: START, scrapes: 1, listed: 1 })).toBe('listed in 1 of 1 scrape');
    expect(cellText({ start: START, scrapes: 0, listed: 0 })).toBe('no scrape stored');
    expect(cellTooltip({ start: START, scrapes: 12, listed: 11 }, 'UTC')).toBe('2026-01-15 13:00–14:00 UTC: listed in 11 of 12 scrapes');
    expect(cellTooltip({ start: START, scrapes: 12, listed: 11 }, 'Asia/Kolkata')).toBe('2026-01-15 18:30–19:30 GMT+5:30: listed in 11 of 12 scrapes');
  });
});

describe('the strip summary', () => {
  it('counts the hours all listed, partly, not listed and without a scrape', () => {
    const cells = [
      { start: START, scrapes: 12, listed: 12 },
      { start: START + HOUR, scrapes: 12, listed: 11 },
      { start: START + 2 * HOUR, scrapes: 0, listed: 0 },
      { start: START + 3 * HOUR, scrapes: 12, listed: 0 },
    ];
    expect(stripSummary(cells, 24)).toBe('Last 24 h: listed in 23 of 36 scrapes, 1 h all listed, 1 h partly, 1 h not listed, 1 h without a scrape.');
    expect(stripSummary(cells.slice(0, 1), 168)).toBe('Last 7 d: listed in 12 of 12 scrapes, 1 h all listed.');
    expect(stripSummary([{ start: START, scrapes: 0, listed: 0 }], 720)).toBe('Last 30 d: no scrape stored.');
  });
});
