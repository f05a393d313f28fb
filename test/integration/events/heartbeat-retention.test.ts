import { describe, expect, it } from 'vitest';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { HEARTBEAT_KEPT_HOURS, MS_PER_HOUR } from '../../../shared/defaults.js';
import { farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';
import { dumpHeartbeat } from '../../support/event-fixtures.js';

const START = Date.UTC(2026, 0, 1);
const RULES = { heightGrowth: 1000, uptime24hBelowPercent: 90, collectorFailures: 3 };

describe('the heartbeat table', () => {
  it('keeps the 720 hours up to the newest snapshot, the same incrementally as after a rebuild', async () => {
    const { db, store } = memoryStore();
    const watched = farmerAddress(0);
    const job = new AggregationJob(db, store, () => undefined);
    await job.configureEvents({ watched: [watched], rules: RULES });
    const farmers = [{ address: watched, payout: watched, height: 10 }];
    const hours = [0, 1, 2, HEARTBEAT_KEPT_HOURS, HEARTBEAT_KEPT_HOURS + 1];
    for (const hour of hours) {
      store.appendScrapeSync(toNewScrape({ time: START + hour * MS_PER_HOUR + 60_000, farmers, total: { totalTB: 1, totalFarmers: 1 } }));
      store.appendScrapeSync(toNewScrape({ time: START + hour * MS_PER_HOUR + 120_000, farmers: [], total: { totalTB: 0, totalFarmers: 0 } }));
      await job.run();
    }
    // The newest hour is 721: hours 2 … 721 are kept, 0 and 1 are dropped.
    const kept = dumpHeartbeat(db);
    const keptHours = [2, HEARTBEAT_KEPT_HOURS, HEARTBEAT_KEPT_HOURS + 1].map((hour) => START + hour * MS_PER_HOUR);
    expect(kept).toEqual({
      hours: keptHours.map((hour) => ({ hour, scrapes: 2 })),
      missed: keptHours.map((hour) => ({ address: watched, hour, missed: 1 })),
    });
    await job.run({ rebuild: true });
    expect(dumpHeartbeat(db)).toEqual(kept);
  });
});
