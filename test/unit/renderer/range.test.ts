import { describe, expect, it } from 'vitest';
import {
  PRESET_SPANS,
  parseSelection,
  rangeQuery,
  selectionKey,
  timeUnitFor,
  historyJumps,
  DEFAULT_SELECTION,
  SERIES_POINTS,
  seriesPointsFor,
} from '../../../renderer/lib/range.js';

const DAY = 86_400_000;

describe('range presets', () => {
  it('name a span by its length alone and leave both ends to the API (its newest scrape)', () => {
    expect(rangeQuery({ preset: '24h' }, 600)).toEqual({ span: DAY, points: 600 });
    expect(rangeQuery({ preset: '7d' }, 600)).toEqual({ span: 7 * DAY, points: 600 });
    expect(rangeQuery({ preset: '1y' }, 600).span).toBe(PRESET_SPANS['1y']);
    // The same question whenever it is asked: the API can answer it from its cache.
    expect(rangeQuery({ preset: '30d' })).toEqual(rangeQuery({ preset: '30d' }));
  });

  it('ask for the whole history without bounds for "all"', () => {
    expect(rangeQuery({ preset: 'all' }, 600)).toEqual({ points: 600 });
  });

  it('pass custom bounds through unchanged', () => {
    expect(rangeQuery({ preset: 'custom', from: 1, to: 2 }, 600)).toEqual({ from: 1, to: 2, points: 600 });
  });
});

describe('jumps to stretches of history', () => {
  const old = { from: Date.UTC(2015, 10, 9, 15), to: Date.UTC(2015, 10, 12, 9) };
  const live = { from: Date.UTC(2026, 10, 3), to: Date.UTC(2026, 11, 3, 12) };

  it('name each stretch by UTC day, the newest as "now", oldest first, with the range that shows it', () => {
    const { shown, more } = historyJumps([old, live], live.to);
    expect(shown.map((jump) => jump.label)).toEqual(['2015-11-09 – 2015-11-12 UTC', '2026-11-03 UTC – now']);
    expect(shown[0]!.window).toEqual(old);
    expect(more).toBe(0);
  });

  it('widen a single scrape to an hour and list only the longest four', () => {
    const single = { from: Date.UTC(2020, 0, 1, 12), to: Date.UTC(2020, 0, 1, 12) };
    expect(historyJumps([single], null).shown[0]).toEqual({ span: single, label: '2020-01-01 UTC', window: { from: single.from - 1_800_000, to: single.from + 1_800_000 } });
    const many = Array.from({ length: 6 }, (_, index) => ({ from: index * DAY, to: index * DAY + (index + 1) * 1000 }));
    const { shown, more } = historyJumps(many, null);
    expect(shown.map((jump) => jump.span)).toEqual(many.slice(2));
    expect(more).toBe(2);
  });
});

describe('stored selections', () => {
  it('are read back when well-formed', () => {
    expect(parseSelection({ preset: '7d' })).toEqual({ preset: '7d' });
    expect(parseSelection({ preset: 'custom', from: 1, to: 5 })).toEqual({ preset: 'custom', from: 1, to: 5 });
  });

  it('fall back to the default when damaged', () => {
    expect(parseSelection(null)).toBe(DEFAULT_SELECTION);
    expect(parseSelection({ preset: 'fortnight' })).toBe(DEFAULT_SELECTION);
    expect(parseSelection({ preset: 'custom', from: 5, to: 1 })).toBe(DEFAULT_SELECTION);
  });

  it('have a key that tells custom ranges apart', () => {
    expect(selectionKey({ preset: '30d' })).toBe('30d');
    expect(selectionKey({ preset: 'custom', from: 1, to: 2 })).not.toBe(selectionKey({ preset: 'custom', from: 1, to: 3 }));
  });
});

describe('time axis unit', () => {
  it('grows with the window', () => {
    expect(timeUnitFor(DAY)).toBe('hour');
    expect(timeUnitFor(30 * DAY)).toBe('day');
    expect(timeUnitFor(90 * DAY)).toBe('week');
    expect(timeUnitFor(365 * DAY)).toBe('month');
  });
});

describe('seriesPointsFor', () => {
  it('asks for no more points than the window has pixels, within sensible bounds', () => {
    expect(seriesPointsFor(360)).toBe(360);
    expect(seriesPointsFor(2560)).toBe(SERIES_POINTS);
    expect(seriesPointsFor(80)).toBe(120);
    expect(seriesPointsFor(Number.NaN)).toBe(SERIES_POINTS);
    expect(seriesPointsFor(0)).toBe(SERIES_POINTS);
  });
});
