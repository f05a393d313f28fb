import { describe, expect, it } from 'vitest';
import { parseHash, parseRangeParameter, rangeParameter, routeHash } from '../../../renderer/lib/route.js';
import { resolveTheme } from '../../../renderer/composables/theme.js';

describe('hash routes', () => {
  it('read the view and its parameter', () => {
    expect(parseHash('#/address/1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toEqual({ view: 'address', parameter: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa' });
    expect(parseHash('#/settings')).toEqual({ view: 'settings', parameter: null });
  });

  it('fall back to the network view for anything unknown', () => {
    expect(parseHash('')).toEqual({ view: 'network', parameter: null });
    expect(parseHash('#/nowhere/x')).toEqual({ view: 'network', parameter: 'x' });
  });

  it('round-trip through routeHash, including characters that need escaping', () => {
    expect(parseHash(routeHash('address', 'a b/c'))).toEqual({ view: 'address', parameter: 'a b/c' });
  });
});

describe('theme resolution', () => {
  it('follows the OS for "system" and obeys an explicit choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('the network range in the address', () => {
  it('names a preset by its key and a custom range by its UTC bounds, and reads both back', () => {
    const custom = { preset: 'custom' as const, from: Date.UTC(2015, 10, 9), to: Date.UTC(2015, 10, 12) };
    expect(rangeParameter({ preset: '7d' })).toBe('7d');
    expect(rangeParameter(custom)).toBe('2015-11-09T00:00Z..2015-11-12T00:00Z');
    expect(parseRangeParameter('7d')).toEqual({ preset: '7d' });
    expect(parseRangeParameter(rangeParameter(custom))).toEqual(custom);
    expect(parseHash(routeHash('network', rangeParameter(custom)))).toEqual({ view: 'network', parameter: '2015-11-09T00:00Z..2015-11-12T00:00Z' });
  });

  it('ignores what names no range, so the remembered one stays', () => {
    expect(parseRangeParameter(null)).toBeNull();
    expect(parseRangeParameter('custom')).toBeNull();
    expect(parseRangeParameter('2015-11-12T00:00Z..2015-11-09T00:00Z')).toBeNull();
    expect(parseRangeParameter('yesterday..today')).toBeNull();
    expect(parseRangeParameter('main')).toBeNull();
  });
});
