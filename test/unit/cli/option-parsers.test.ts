import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  epochMs,
  farmerAddress,
  farmerCount,
  httpUrl,
  importSource,
  integerIn,
  mongodbUri,
  numberIn,
  path,
  seriesPoints,
} from '../../../main/cli/option-parsers.js';
import { encodeAddress } from '../../../shared/address.js';

/** The sentence a parser refuses `value` with (commander prints it after the option and the value). */
function refusal(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  throw new Error(`"${value}" was accepted`);
}

describe('integerIn', () => {
  const port = integerIn({ minimum: 0, maximum: 65_535 });

  it('accepts whole numbers within the bounds, both ends included', () => {
    expect(port('0')).toBe(0);
    expect(port('65535')).toBe(65_535);
    expect(port('+80')).toBe(80);
  });

  it('refuses numbers out of bounds and text Number() would read as a number', () => {
    for (const value of ['-1', '65536', 'abc', '', ' ', '1.5', '1e3', '0x50', 'Infinity', '80 ']) {
      expect(refusal(port, value), value).toBe('Expected an integer from 0 to 65535.');
    }
  });
});

describe('numberIn', () => {
  const share = numberIn(0, 1);

  it('accepts decimals within the bounds', () => {
    expect(share('0')).toBe(0);
    expect(share('0.25')).toBe(0.25);
    expect(share('.5')).toBe(0.5);
    expect(share('1')).toBe(1);
  });

  it('refuses values out of bounds and non-numbers', () => {
    for (const value of ['1.01', '-0.1', 'half', '', 'NaN', '1e-1']) expect(refusal(share, value), value).toBe('Expected a number from 0 to 1.');
  });
});

describe('named integer kinds', () => {
  it('--points takes the API bounds', () => {
    expect(seriesPoints('2')).toBe(2);
    expect(seriesPoints('10000')).toBe(10_000);
    expect(refusal(seriesPoints, 'abc')).toBe('Expected an integer from 2 to 10000.');
    expect(refusal(seriesPoints, '1')).toBe('Expected an integer from 2 to 10000.');
  });

  it('a farmer count is 0 to a million', () => {
    expect(farmerCount('0')).toBe(0);
    expect(refusal(farmerCount, '1000001')).toBe('Expected an integer from 0 to 1000000.');
  });

  it('a time bound is epoch milliseconds', () => {
    expect(epochMs('1447286400000')).toBe(1_447_286_400_000);
    for (const value of ['-1', '2015-11-12', '1.5', 'now']) {
      expect(refusal(epochMs, value), value).toBe('Expected a time in epoch milliseconds (a whole number, 0 or more).');
    }
  });
});

describe('httpUrl', () => {
  it('accepts http and https URLs and drops trailing slashes', () => {
    expect(httpUrl('http://127.0.0.1:5000/')).toBe('http://127.0.0.1:5000');
    expect(httpUrl('https://status.example.org/base//')).toBe('https://status.example.org/base');
  });

  it('refuses what is not a URL and other schemes with one sentence', () => {
    for (const value of ['status.example.org', 'ftp://example.org', 'file:///etc/passwd', '']) {
      expect(refusal(httpUrl, value), value).toBe('Expected an http:// or https:// URL, e.g. http://127.0.0.1:5000.');
    }
  });
});

describe('mongodbUri', () => {
  it('accepts single hosts, replica sets, credentials, SRV records and options', () => {
    for (const value of [
      'mongodb://127.0.0.1/GroupB',
      'mongodb://127.0.0.1:27017',
      'mongodb://user:secret@a:27017,b:27017/GroupB?replicaSet=rs0',
      'mongodb+srv://cluster.example.org/GroupB',
    ]) {
      expect(mongodbUri(value)).toBe(value);
    }
  });

  it('refuses other text before it can reach the driver', () => {
    for (const value of ['notamongo', 'mongodb://', 'mongodb:///GroupB', 'http://127.0.0.1/GroupB', 'mongodb://host/with space']) {
      expect(refusal(mongodbUri, value), value).toBe('Expected a mongodb:// or mongodb+srv:// URI with a host, e.g. mongodb://127.0.0.1/GroupB.');
    }
  });
});

describe('path', () => {
  it('keeps a path as given', () => {
    expect(path('/tmp/data')).toBe('/tmp/data');
    expect(path('relative dir')).toBe('relative dir');
  });

  it('refuses a blank path (which would mean the working directory) and NUL characters', () => {
    for (const value of ['', '   ', 'a\0b']) expect(refusal(path, value)).toBe('Expected a file or directory path.');
  });
});

describe('importSource', () => {
  it('checks a mongodb source as a URI and anything else as a path', () => {
    expect(importSource('mongodb://127.0.0.1/GroupB')).toBe('mongodb://127.0.0.1/GroupB');
    expect(importSource('dump/GroupB')).toBe('dump/GroupB');
    expect(refusal(importSource, 'mongodb://')).toBe('Expected a mongodb:// or mongodb+srv:// URI with a host, e.g. mongodb://127.0.0.1/GroupB.');
    expect(refusal(importSource, '')).toBe('Expected a file or directory path.');
  });
});

describe('farmerAddress', () => {
  it('accepts a valid address and names the mistake in an invalid one', () => {
    const address = encodeAddress(0x00, new Uint8Array(20).fill(7));
    expect(farmerAddress(address)).toBe(address);
    expect(refusal(farmerAddress, 'not-an-address')).toMatch(/^Expected a farmer address: character "-" at position 4 is not base58/);
  });
});
