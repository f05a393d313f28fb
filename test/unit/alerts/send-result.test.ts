import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../main/alerts/channels/http-post.js';
import { withoutSecrets } from '../../../main/alerts/channels/send-result.js';

describe('error texts without secrets', () => {
  it('replaces each secret, and the path of a secret URL wherever it appears', () => {
    const url = 'https://discord.com/api/webhooks/123/tok-en_SECRET';
    const text = `POST ${url} failed; path /api/webhooks/123/tok-en_SECRET; token 999:BOT in /bot999:BOT/sendMessage`;
    expect(withoutSecrets(text, [url, '999:BOT'])).toBe('POST [secret] failed; path [secret]; token [secret] in /bot[secret]/sendMessage');
  });

  it('leaves texts alone when there is nothing secret (and ignores values too short to be one)', () => {
    expect(withoutSecrets('HTTP 500', ['a', 'https://example.test/'])).toBe('HTTP 500');
  });
});

describe('Retry-After', () => {
  it('takes seconds or an HTTP date; anything else is no hint', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
