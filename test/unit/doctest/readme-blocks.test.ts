import { describe, expect, it } from 'vitest';
import { consoleSteps, outputMismatch, readmeBlocks } from '../../support/readme-blocks.js';

describe('the README doctest reader', () => {
  it('finds every fenced block with the marker before it; a block without one, or a skip without a reason, has none', () => {
    const markdown = [
      '<!-- doctest: run -->',
      '```console',
      '$ echo hi',
      'hi',
      '```',
      '<!-- doctest: skip (needs the Electron binary) -->',
      '',
      '```sh',
      'npm start',
      '```',
      'text',
      '```',
      'tree',
      '```',
      '<!-- doctest: skip -->',
      '```sh',
      'x',
      '```',
    ].join('\n');
    expect(readmeBlocks(markdown)).toEqual([
      { line: 2, language: 'console', body: ['$ echo hi', 'hi'], marker: { kind: 'run' } },
      { line: 8, language: 'sh', body: ['npm start'], marker: { kind: 'skip', reason: 'needs the Electron binary' } },
      { line: 12, language: '', body: ['tree'], marker: null },
      { line: 16, language: 'sh', body: ['x'], marker: null },
    ]);
  });

  it('splits a console block into commands and the output each shows', () => {
    expect(consoleSteps(['$ a', 'one', 'two', '$ b', '$ c', 'three'])).toEqual([
      { command: 'a', expected: ['one', 'two'] },
      { command: 'b', expected: [] },
      { command: 'c', expected: ['three'] },
    ]);
    expect(() => consoleSteps(['stray', '$ a'])).toThrow('output before the first $ command: stray');
  });

  it('matches numbers as any number, … in a line as any text, and a … line as any lines', () => {
    const expected = ['as of 2026-12-03T12:35:00.000Z', 'storage 28.79 TB, 1,003 farmers online', 'farmers per day:', '  2026-11-03  981–1,029', '…', 'address 1… seen'];
    const actual = ['as of 2027-01-09T08:05:00.000Z', 'storage 1006.5 TB, 87 farmers online', 'farmers per day:', '  2026-12-01  80–99', '  2026-12-02  81–97', 'address 1KxYz seen'];
    expect(outputMismatch(expected, actual)).toBeNull();
    expect(outputMismatch(['a', '…'], ['a'])).toBeNull();
    expect(outputMismatch(['storage 1 TB'], ['storage 1 GB'])).toContain('expected:');
    expect(outputMismatch(['farmers 12'], ['farmers –'])).not.toBeNull();
    expect(outputMismatch(['one'], ['one', 'two'])).not.toBeNull();
    expect(outputMismatch(['a (b)'], ['a (b)   '])).toBeNull();
  });
});
