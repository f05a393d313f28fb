import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from '../../../renderer/composables/hash-route.js';
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
