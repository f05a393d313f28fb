import { describe, expect, it } from 'vitest';
import { EVENT_KIND_LABELS, describeEvent } from '../../../renderer/lib/node-event-text.js';
import { NodeEventKindSchema, nodeEventId, type NodeEvent, type NodeEventKind } from '../../../shared/model/node-events.js';

const TIME = Date.UTC(2026, 0, 15, 13, 5);
const ADDRESS = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';

function event(kind: NodeEventKind, detail: NodeEvent['detail'], address: string | null = ADDRESS): NodeEvent {
  return { id: nodeEventId(kind, address, TIME), time: TIME, kind, address, detail };
}

describe('node events in words', () => {
  it('give every kind a label in words', () => {
    const kinds = NodeEventKindSchema.anyOf.map((literal) => literal.const as NodeEventKind);
    expect(Object.keys(EVENT_KIND_LABELS).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) expect(EVENT_KIND_LABELS[kind].label).toMatch(/^[A-Z][a-z]/);
  });

  it('describe the figures of each kind, times in the displayed zone', () => {
    expect(describeEvent(event('height-dropped', { from: 1234, to: 980 }))).toBe('height 1,234 → 980');
    expect(describeEvent(event('height-grew', { from: 1000, to: 2500 }))).toBe('height 1,000 → 2,500');
    expect(describeEvent(event('offline', { lastSeen: TIME - 600_000 }), 'UTC')).toBe('last seen 2026-01-15 12:55 UTC');
    expect(describeEvent(event('online', { lastSeen: TIME - 3_600_000, missedSince: TIME - 3_000_000 }), 'UTC')).toBe('missing since 2026-01-15 12:15 UTC');
    expect(describeEvent(event('payout-changed', { from: 'A', to: 'B' }))).toBe('payout A → B');
    expect(describeEvent(event('uptime-low', { uptimePercent: 83.33, belowPercent: 90, scrapes: 288, listed: 240 }))).toBe(
      'uptime 83.33 % over 24 h (listed in 240 of 288 scrapes; threshold 90.00 %)',
    );
    expect(describeEvent(event('collector-failing', { failedScrapes: 3, failingSince: TIME }, null), 'UTC')).toBe('3 failed scrapes in a row since 2026-01-15 13:05 UTC');
    expect(describeEvent(event('aggregation-failing', { message: 'disk full' }, null))).toBe('disk full');
  });

  it('show a missing figure as a dash rather than "undefined"', () => {
    expect(describeEvent(event('height-dropped', {}))).toBe('height — → —');
  });
});
