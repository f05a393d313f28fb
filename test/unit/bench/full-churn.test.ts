import { describe, expect, it } from 'vitest';
import { FullChurnNetwork } from '../../../bench/full-churn.js';
import { SimulatedNetwork } from '../../../main/simulator/network-model.js';
import { MAX_HEIGHT_EXCLUSIVE, totalTerabytes, type FarmerEntry } from '../../../shared/model/dataserv.js';

const START = Date.UTC(2026, 0, 1);
const base = new SimulatedNetwork({ farmers: 400, seed: 'churn-test' }).stateAt(START);
const heights = (farmers: readonly FarmerEntry[]): Map<string, number> => new Map(farmers.map((farmer) => [farmer.btc_addr, farmer.height]));

describe('full-churn scrapes', () => {
  it('lists the same farmers every scrape, by height descending as the status server does', () => {
    const network = new FullChurnNetwork(base);
    for (const scrape of [0, 1, 2, 7]) {
      const { farmers, total } = network.stateAt(scrape, START + scrape * 300_000);
      expect(farmers.map((farmer) => farmer.btc_addr).sort()).toEqual(base.farmers.map((farmer) => farmer.btc_addr).sort());
      for (let i = 1; i < farmers.length; i++) expect(farmers[i - 1]!.height).toBeGreaterThanOrEqual(farmers[i]!.height);
      expect(total.total_farmers).toBe(farmers.length);
      expect(total.total_TB).toBe(totalTerabytes(farmers.reduce((sum, farmer) => sum + farmer.height, 0)));
    }
  });

  it('changes every farmer\'s height from one scrape to the next, also at the largest height', () => {
    const top: FarmerEntry = { btc_addr: '1top', payout_addr: '1top', last_seen: 3, height: MAX_HEIGHT_EXCLUSIVE - 1 };
    const network = new FullChurnNetwork({ ...base, farmers: [top, ...base.farmers] });
    let previous = heights(network.stateAt(0, START).farmers);
    for (let scrape = 1; scrape <= 3; scrape++) {
      const current = heights(network.stateAt(scrape, START + scrape * 300_000).farmers);
      for (const [address, height] of current) {
        expect(height).not.toBe(previous.get(address));
        expect(height).toBeGreaterThanOrEqual(0);
        expect(height).toBeLessThan(MAX_HEIGHT_EXCLUSIVE);
      }
      previous = current;
    }
    expect(previous.get('1top')).toBe(2);
  });

  it('starts from the base state: scrape 0 is the simulator\'s scrape it was made from', () => {
    expect(new FullChurnNetwork(base).stateAt(0, START)).toEqual(base);
  });

  it('refuses a scrape number that is not a whole number of at least 0', () => {
    const network = new FullChurnNetwork(base);
    expect(() => network.stateAt(-1, START)).toThrow(/scrape -1/);
    expect(() => network.stateAt(1.5, START)).toThrow(/scrape 1.5/);
  });
});
