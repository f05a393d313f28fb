import { describe, expect, it } from 'vitest';
import { FetchFailure, parseJson } from '../../../main/collector/fetch-json.js';

function failureCode(text: string): string {
  try {
    parseJson(text, 'http://source/api/online/json');
  } catch (error) {
    if (error instanceof FetchFailure) return error.code;
    throw error;
  }
  return 'parsed';
}

describe('parseJson failure classification', () => {
  const body = JSON.stringify({ farmers: [{ btc_addr: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', payout_addr: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', last_seen: 3, height: 12 }] });

  it('parses complete JSON', () => {
    expect(failureCode(body)).toBe('parsed');
  });

  it('calls JSON cut off at any point "truncated"', () => {
    for (let length = 1; length < body.length; length++) {
      expect(failureCode(body.slice(0, length)), `cut at ${length}`).toBe('truncated');
    }
  });

  it.each(['<html><body>502 Bad Gateway</body></html>', 'hello', '{"farmers": [1, 2,, 3]}', '{"a":1}x', ''])('calls %j "not_json"', (text) => {
    expect(failureCode(text)).toBe('not_json');
  });
});
