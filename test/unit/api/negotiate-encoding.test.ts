import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../../main/api/compression.js';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1.0, br;q=0.5', 'gzip'],
    ['GZIP;Q=0.8, BR;q=0.8', 'br'],
    ['*', 'br'],
    ['*;q=0, gzip;q=0.2', 'gzip'],
    ['deflate', null],
    ['gzip;q=0, br;q=0', null],
  ] as const)('Accept-Encoding %j answers %j', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
