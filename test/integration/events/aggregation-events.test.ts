import { describe, expect, it } from 'vitest';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import type { RawCursor, RawScrape, RawStore } from '../../../main/store/raw-store.js';
import type { NodeEvent } from '../../../shared/model/node-events.js';
import { farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';
import { dumpEvents } from '../../support/event-fixtures.js';

/** The memory store, whose reads fail while `failing` is set: an aggregation run that cannot read its history. */
function flakyStore(store: RawStore, state: { failing: boolean }): RawStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readAfter') {
        return (cursor: RawCursor | null, limit: number): Promise<RawScrape[]> =>
          state.failing ? Promise.reject(new Error('disk I/O error')) : target.readAfter(cursor, limit);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

describe('aggregation events', () => {
  it('a failing run raises aggregation-failing once, the next working run aggregation-recovered, each handed to the hook', async () => {
    const { db, store } = memoryStore();
    const state = { failing: true };
    const announced: NodeEvent[] = [];
    const job = new AggregationJob(db, flakyStore(store, state), (_db, events) => announced.push(...events));
    const address = farmerAddress(1);
    store.appendScrapeSync(toNewScrape({ time: Date.UTC(2026, 0, 1), farmers: [{ address, payout: address, height: 1 }], total: null }));

    await expect(job.run()).rejects.toThrow('disk I/O error');
    await expect(job.run()).rejects.toThrow('disk I/O error');
    expect(announced.map((event) => [event.kind, event.detail])).toEqual([['aggregation-failing', { message: 'disk I/O error' }]]);

    state.failing = false;
    await job.run();
    await job.run();
    expect(announced.map((event) => event.kind)).toEqual(['aggregation-failing', 'aggregation-recovered']);
    expect(announced[1]!.detail).toEqual({ failingSince: announced[0]!.time });
    expect(dumpEvents(db).map((event) => event.id).sort()).toEqual(announced.map((event) => event.id).sort());

    // A rebuild keeps them: they are not derived from the scrapes.
    await job.run({ rebuild: true });
    expect(dumpEvents(db)).toHaveLength(2);
  });
});
