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
});
