import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from '../../../renderer/composables/hash-route.js';
import { resolveTheme } from '../../../renderer/composables/theme.js';
import { summaryToCsv } from '../../../renderer/lib/csv.js';

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

describe('summary CSV export', () => {
  it('has a header, one line per day and the share of the day\'s points', () => {
    const csv = summaryToCsv('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', [
      { date: '2015-11-10 00:00:00', uptime: 84_600, duration: 86_100, height: 1500, points: 0.5, total_points: 200 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'address,date,uptime_seconds,duration_seconds,height,points,total_points,share_percent',
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa,2015-11-10 00:00:00,84600,86100,1500,0.5,200,0.2500',
      '',
    ]);
  });
});
