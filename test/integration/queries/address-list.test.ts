import { describe, expect, it } from 'vitest';
import { runAggregation } from '../../support/run-aggregation.js';
import { addressList } from '../../../main/queries/address-detail.js';
import { farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';

const start = Date.UTC(2015, 10, 10, 23, 0);

describe('addressList keeps only the best `limit` addresses', () => {
  it('each limit answers the head of the full ranking, which is ordered by the key then by address', async () => {
    const { db, store } = memoryStore();
    // 40 farmers over two days; heights repeat (ties) and some farmers skip scrapes (uptime differs).
    for (let scrape = 0; scrape < 30; scrape++) {
      const farmers = Array.from({ length: 40 }, (_, index) => index).filter((index) => (scrape + index) % (2 + (index % 4)) !== 0);
      store.appendScrapeSync(
        toNewScrape({
          time: start + scrape * 5 * 60_000,
          farmers: farmers.map((index) => ({ address: farmerAddress(index), payout: farmerAddress(index), height: (index % 7) * 1000 })),
          total: { totalTB: 1, totalFarmers: farmers.length },
        }),
      );
    }
    await runAggregation(db, store);
    for (const sort of ['points', 'height', 'uptime'] as const) {
      const all = addressList(db, { sort, limit: 1000 });
      expect(all).toHaveLength(40);
      const key = (item: (typeof all)[number]): number => (sort === 'points' ? item.points : sort === 'height' ? (item.height ?? -1) : (item.uptimePercent ?? -1));
      for (let i = 1; i < all.length; i++) {
        const [before, after] = [all[i - 1]!, all[i]!];
        expect(key(before) > key(after) || (key(before) === key(after) && before.address < after.address)).toBe(true);
      }
      for (const limit of [1, 2, 5, 13, 39, 40]) expect(addressList(db, { sort, limit })).toEqual(all.slice(0, limit));
    }
    db.close();
  });

  it('ranked: only addresses seen in the 7 days before the newest scrape and observed for at least a day; all: every one', async () => {
    const { db, store } = memoryStore();
    const hour = 3_600_000;
    // Farmer 0 stays; farmer 1 is seen for 30 minutes at the end; farmer 2 left eleven days before the end.
    const scrapes: [number, number[]][] = [[0, [0, 2]], [25 * hour, [0, 2]], [12 * 24 * hour, [0, 1]], [12 * 24 * hour + hour / 2, [0, 1]]];
    for (const [offset, farmers] of scrapes) {
      store.appendScrapeSync(
        toNewScrape({
          time: start + offset,
          farmers: farmers.map((index) => ({ address: farmerAddress(index), payout: farmerAddress(index), height: (index + 1) * 1000 })),
          total: { totalTB: 1, totalFarmers: farmers.length },
        }),
      );
    }
    await runAggregation(db, store);
    const addresses = (scope?: 'ranked' | 'all') => addressList(db, { sort: 'height', ...(scope ? { scope } : {}) }).map((item) => item.address);
    expect(addresses('ranked')).toEqual([farmerAddress(0)]);
    expect(addresses('all')).toEqual([farmerAddress(2), farmerAddress(1), farmerAddress(0)]);
    expect(addresses()).toEqual(addresses('all'));
    db.close();
  });
});
