import { describe, expect, it } from 'vitest';
import type { EventRules } from '../../../shared/model/settings.js';
import type { NodeEvent } from '../../../shared/model/node-events.js';
import { EventDerivation, NOTHING_STORED, emptyDerivationHeader, newWatchedNode } from '../../../main/events/event-derivation.js';
import type { RawScrape } from '../../../main/store/raw-store.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);
const RULES: EventRules = { heightGrowth: 100, uptime24hBelowPercent: 90, collectorFailures: 3 };

/** Node 1 is watched; `entry` is its listing in a scrape (null: not listed). Node 2 is always listed, so no scrape is empty. */
interface Listing {
  height: number;
  payout?: number;
}

function record(time: number, entry: Listing | null, index: number): RawScrape {
  const rows: Array<[number, number, number]> = [[2, 5, 2]];
  if (entry !== null) rows.unshift([1, entry.height, entry.payout ?? 1]);
  return {
    cursor: { time, key: String(index).padStart(16, '0') },
    time,
    total: null,
    snapshot: {
      ids: Int32Array.from(rows.map((row) => row[0])),
      heights: Int32Array.from(rows.map((row) => row[1])),
      lastSeen: Int32Array.from(rows.map(() => 1)),
      payouts: Int32Array.from(rows.map((row) => row[2])),
    },
  };
}

const addressOf = (id: number): string => `payout-${id}`;

/** Folds the listings, one scrape every `stepMs`, and returns the watched node's events (announced or not). */
function derive(listings: Array<Listing | null>, rules: EventRules = RULES, stepMs = HOUR): NodeEvent[] {
  const node = newWatchedNode('node-1');
  node.id = 1;
  const derivation = new EventDerivation(emptyDerivationHeader(rules, NOTHING_STORED), new Map([['node-1', node]]));
  listings.forEach((entry, index) => derivation.foldRecord(record(START + index * stepMs, entry, index), addressOf));
  return derivation.takeBatch().events;
}

const kinds = (events: NodeEvent[]): string[] => events.map((event) => `${(event.time - START) / HOUR}h ${event.kind}`);
const up = { height: 10 };

describe('node rules (docs/events.md)', () => {
  it('a node is offline only after two successive successful scrapes without it, and online again at the next listing', () => {
    expect(kinds(derive([up, null, up, null, null, null, up]))).toEqual(['4h offline', '6h online']);
    const events = derive([up, null, null, up]);
    expect(events[0]).toMatchObject({ kind: 'offline', address: 'node-1', detail: { lastSeen: START }, id: `${START + 2 * HOUR}:offline:node-1` });
    expect(events[1]).toMatchObject({ kind: 'online', detail: { lastSeen: START, missedSince: START + HOUR } });
  });

  it('a failed scrape never counts: scrapes that are not stored never reach the rules', () => {
    // One miss, then a failed scrape (absent from the stored history), then a listing: no offline.
    expect(derive([up, null, up])).toEqual([]);
  });

  it('a node never listed raises nothing, and its first listing is not an "online"', () => {
    expect(derive([null, null, null, up, up])).toEqual([]);
  });

  it('height dropped at any loss; height grew once it passed the threshold since the last height event', () => {
    const events = derive([{ height: 1000 }, { height: 1050 }, { height: 1099 }, { height: 1100 }, { height: 1150 }, { height: 900 }, { height: 999 }, { height: 1000 }]);
    expect(events.map((event) => [event.kind, event.detail])).toEqual([
      ['height-grew', { from: 1000, to: 1100 }],
      ['height-dropped', { from: 1150, to: 900 }],
      ['height-grew', { from: 900, to: 1000 }],
    ]);
  });

  it('the growth threshold is a setting', () => {
    expect(derive([{ height: 0 }, { height: 40 }], { ...RULES, heightGrowth: 50 })).toEqual([]);
    expect(kinds(derive([{ height: 0 }, { height: 50 }], { ...RULES, heightGrowth: 50 }))).toEqual(['1h height-grew']);
  });

  it('payout address changed, with both addresses', () => {
    const events = derive([{ height: 1, payout: 1 }, { height: 1, payout: 1 }, { height: 1, payout: 7 }]);
    expect(events).toEqual([
      { id: `${START + 2 * HOUR}:payout-changed:node-1`, time: START + 2 * HOUR, kind: 'payout-changed', address: 'node-1', detail: { from: 'payout-1', to: 'payout-7' } },
    ]);
  });

  it('uptime over the last 24 h below the threshold: once per fall, judged once the node is known for a whole day', () => {
    // Hourly scrapes; listed for 26 h, then 3 misses (offline at the 2nd), then listed again.
    const listings: Array<Listing | null> = [...Array<Listing>(26).fill(up), null, null, null, ...Array<Listing>(30).fill(up)];
    const events = derive(listings);
    // Window (t − 24 h, t] holds 24 scrapes: 3 misses = 87.5 %, below 90 at the 3rd miss; 2 misses = 91.7 %.
    expect(kinds(events)).toEqual(['27h offline', '28h uptime-low', '29h online']);
    expect(events[1]!.detail).toEqual({ uptimePercent: 87.5, belowPercent: 90, scrapes: 24, listed: 21 });
    // The misses age out of the window: it re-arms, and a new fall raises a new event.
    const again = derive([...listings, ...Array<Listing>(5).fill(up), null, null, null]);
    expect(kinds(again).filter((kind) => kind.endsWith('uptime-low'))).toEqual(['28h uptime-low', '66h uptime-low']);
  });

  it('uptime is not judged before the node was known for 24 h', () => {
    expect(kinds(derive([up, null, null, null, up]))).toEqual(['2h offline', '4h online']);
  });
});
