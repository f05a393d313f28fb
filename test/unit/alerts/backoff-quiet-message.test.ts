import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../main/alerts/backoff.js';
import { composeAlert, messageText } from '../../../main/alerts/message.js';
import { quietHoursEnd } from '../../../main/alerts/quiet-hours.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { fakeAddress, offlineEvent } from '../../support/alert-receivers.js';

const options = { baseMs: 10_000, capMs: 3_600_000 };

describe('retry backoff: exponential with full jitter', () => {
  it('the window doubles from the base up to the cap; the delay is random within it', () => {
    const top = (failures: number) => retryDelayMs(failures, () => 0.999_999, null, options);
    expect([1, 2, 3, 4, 5].map(top)).toEqual([9_999, 19_999, 39_999, 79_999, 159_999]);
    expect(top(20)).toBe(3_599_996);
    expect(top(1000)).toBe(3_599_996);
    expect(retryDelayMs(3, () => 0, null, options)).toBe(0);
    expect(retryDelayMs(3, () => 0.5, null, options)).toBe(20_000);
  });

  it('a seeded sequence gives the same schedule every time', () => {
    const seeded = () => {
      let state = 42;
      return () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
    };
    const schedule = (random: () => number) => [1, 2, 3, 4, 5, 6].map((failures) => retryDelayMs(failures, random, null, options));
    expect(schedule(seeded())).toEqual(schedule(seeded()));
    schedule(seeded()).forEach((delay, index) => expect(delay).toBeLessThan(10_000 * 2 ** index));
  });

  it("never earlier than the receiver's own Retry-After", () => {
    expect(retryDelayMs(1, () => 0, 30_000, options)).toBe(30_000);
    expect(retryDelayMs(10, () => 0.999, 30_000, options)).toBeGreaterThan(30_000);
  });
});

describe('quiet hours in the channel\'s own time zone', () => {
  const at = (iso: string) => Date.parse(iso);

  it('outside the window: null; inside: when it ends', () => {
    const quiet = { start: '22:00', end: '07:00', timeZone: 'UTC' };
    expect(quietHoursEnd(at('2026-03-01T12:00:00Z'), quiet)).toBeNull();
    expect(quietHoursEnd(at('2026-03-01T23:30:00Z'), quiet)).toBe(at('2026-03-02T07:00:00Z'));
    expect(quietHoursEnd(at('2026-03-02T06:59:30Z'), quiet)).toBe(at('2026-03-02T07:00:00Z'));
    expect(quietHoursEnd(at('2026-03-02T07:00:00Z'), quiet)).toBeNull();
  });

  it('follows the zone: 22:00–07:00 in New York is 03:00–12:00 UTC in winter', () => {
    const quiet = { start: '22:00', end: '07:00', timeZone: 'America/New_York' };
    expect(quietHoursEnd(at('2026-01-15T02:30:00Z'), quiet)).toBeNull();
    expect(quietHoursEnd(at('2026-01-15T04:00:00Z'), quiet)).toBe(at('2026-01-15T12:00:00Z'));
  });

  it('across the spring-forward night the window still ends at 07:00 local', () => {
    const quiet = { start: '01:00', end: '07:00', timeZone: 'Europe/Berlin' };
    // 2026-03-29: clocks go from 02:00 to 03:00 CET→CEST; 07:00 CEST is 05:00 UTC.
    expect(quietHoursEnd(at('2026-03-29T00:30:00Z'), quiet)).toBe(at('2026-03-29T05:00:00Z'));
  });

  it('a window with start = end is no window', () => {
    expect(quietHoursEnd(at('2026-03-01T12:00:00Z'), { start: '12:00', end: '12:00', timeZone: 'UTC' })).toBeNull();
  });
});

describe('one message per group, capped', () => {
  const channel: AlertChannel = { id: 'c', name: 'C', enabled: true, rules: ['offline'], kind: 'desktop' };

  it('lists up to the cap and says how many more, carrying every event', () => {
    const events = Array.from({ length: 5000 }, (_, index) => offlineEvent(fakeAddress(index), 1000));
    const message = composeAlert(channel, events, 20);
    expect(message.title).toBe('driveshare-graph: 5000 nodes: went offline');
    expect(message.lines).toHaveLength(20);
    expect(message.events).toHaveLength(5000);
    expect(messageText(message).split('\n').at(-1)).toBe('and 4980 more');
  });

  it('one event: its address in the title, ASCII only', () => {
    const message = composeAlert(channel, [offlineEvent(fakeAddress(1), 1000)]);
    expect(message.title).toMatch(/^[\x20-\x7e]+$/);
    expect(messageText(message)).not.toContain('more');
  });
});
