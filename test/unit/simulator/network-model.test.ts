import { describe, expect, it } from 'vitest';
import { checkAddress } from '../../../shared/address.js';
import { totalId, totalTerabytes } from '../../../shared/model/dataserv.js';
import { ListedFarmers, SimulatedNetwork, type NetworkState } from '../../../main/simulator/network-model.js';
import { planBackfill } from '../../../main/simulator/demo-backfill.js';

const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('SimulatedNetwork', () => {
  const network = new SimulatedNetwork({ farmers: 400, seed: 42 });

  it('answers the same for the same seed and time, whatever was asked before', () => {
    const fresh = new SimulatedNetwork({ farmers: 400, seed: 42 });
    fresh.stateAt(START + 20 * DAY);
    expect(fresh.stateAt(START)).toEqual(network.stateAt(START));
    expect(new SimulatedNetwork({ farmers: 400, seed: 43 }).stateAt(START)).not.toEqual(network.stateAt(START));
  });

  it('lists about the requested number of farmers, ordered by height descending, with the field types of the status server', () => {
    const state = network.stateAt(START);
    expect(state.farmers.length).toBeGreaterThan(320);
    expect(state.farmers.length).toBeLessThan(480);
    for (let i = 1; i < state.farmers.length; i++) expect(state.farmers[i - 1]!.height).toBeGreaterThanOrEqual(state.farmers[i]!.height);
    for (const farmer of state.farmers) {
      expect(Object.keys(farmer).sort()).toEqual(['btc_addr', 'height', 'last_seen', 'payout_addr']);
      expect(Number.isInteger(farmer.height) && farmer.height >= 0 && farmer.height < 200_000).toBe(true);
      expect(Number.isInteger(farmer.last_seen) && farmer.last_seen >= 0).toBe(true);
      // Only farmers seen in the last five minutes are listed.
      expect(farmer.last_seen).toBeLessThan(300);
      expect([checkAddress(farmer.btc_addr), checkAddress(farmer.payout_addr)]).toEqual([{ ok: true, hashBytes: 20 }, { ok: true, hashBytes: 20 }]);
    }
    expect(new Set(state.farmers.map((farmer) => farmer.btc_addr)).size).toBe(state.farmers.length);
  });

  it('computes the totals with the status server formulas', () => {
    const state = network.stateAt(START + 7 * MINUTE);
    const heightSum = state.farmers.reduce((sum, farmer) => sum + farmer.height, 0);
    expect(state.total).toEqual({ id: totalId(START + 7 * MINUTE), total_TB: totalTerabytes(heightSum), total_farmers: state.farmers.length });
  });

  it('has farmers who pay themselves, farmers with their own payout address, and payout addresses shared by several', () => {
    const farmers = network.stateAt(START).farmers;
    const self = farmers.filter((farmer) => farmer.payout_addr === farmer.btc_addr).length;
    expect(self).toBeGreaterThan(farmers.length / 2);
    expect(self).toBeLessThan(farmers.length);
    const perPayout = new Map<string, number>();
    for (const farmer of farmers) perPayout.set(farmer.payout_addr, (perPayout.get(farmer.payout_addr) ?? 0) + 1);
    expect([...perPayout.values()].some((count) => count > 1)).toBe(true);
  });

  it('has farmers join, leave, go offline and come back, and heights change over 30 days', () => {
    const seenAt = (time: number) => new Map(network.stateAt(time).farmers.map((farmer) => [farmer.btc_addr, farmer.height]));
    const first = seenAt(START);
    const later = seenAt(START + 30 * DAY);
    expect([...later.keys()].some((address) => !first.has(address))).toBe(true);
    expect([...first.keys()].some((address) => !later.has(address))).toBe(true);
    expect([...first].some(([address, height]) => later.has(address) && later.get(address) !== height)).toBe(true);
    // Over one day in 5-minute steps, some farmer drops out of the list and reappears.
    const presence = new Map<string, boolean[]>();
    for (let step = 0; step < 288; step++) {
      const online = seenAt(START + step * 5 * MINUTE);
      for (const address of first.keys()) (presence.get(address) ?? presence.set(address, []).get(address)!).push(online.has(address));
    }
    const cameBack = [...presence.values()].some((steps) => steps.some((on, index) => !on && steps.slice(index).includes(true)));
    expect(cameBack).toBe(true);
  });

  it('simulates an empty network when asked for no farmers', () => {
    const state = new SimulatedNetwork({ farmers: 0, seed: 1 }).stateAt(START);
    expect(state.farmers).toEqual([]);
    expect(state.total).toEqual({ id: totalId(START), total_TB: 0, total_farmers: 0 });
  });
});

describe('states built for a consumer that stores each one (ListedFarmers)', () => {
  const build = (network: SimulatedNetwork, time: number, listed: ListedFarmers): NetworkState => {
    const builder = network.stateBuilder(time, listed);
    builder.addSlots(network.slots);
    return builder.finish();
  };
  const byAddress = (state: NetworkState) => [...state.farmers].sort((a, b) => a.btc_addr.localeCompare(b.btc_addr));

  it('list the same farmers and totals as the server, in its order whenever a farmer is new to the consumer', () => {
    const network = new SimulatedNetwork({ farmers: 400, seed: 7 });
    const listed = new ListedFarmers(network.slots);
    let inSlotOrder = 0;
    let inServerOrder = 0;
    for (let time = START; time < START + 40 * DAY; time += 6 * 60 * MINUTE) {
      const state = build(network, time, listed);
      const served = network.stateAt(time);
      expect(state.total).toEqual(served.total);
      expect(byAddress(state)).toEqual(byAddress(served));
      if (state.farmers.every((farmer, index) => farmer.btc_addr === served.farmers[index]!.btc_addr)) inServerOrder++;
      else inSlotOrder++;
    }
    // Farmers join over 40 days (states in the server's order) and most states bring none (slot order).
    expect(inSlotOrder).toBeGreaterThan(0);
    expect(inServerOrder).toBeGreaterThan(0);
  });

  it('are in the order of the server for the first state and for any state with a farmer the consumer has not seen', () => {
    const network = new SimulatedNetwork({ farmers: 400, seed: 7 });
    const listed = new ListedFarmers(network.slots);
    expect(build(network, START, listed).farmers).toEqual(network.stateAt(START).farmers);
    // A new consumer has seen nobody.
    expect(build(network, START + MINUTE * 5, new ListedFarmers(network.slots)).farmers).toEqual(network.stateAt(START + MINUTE * 5).farmers);
  });
});

describe('planBackfill', () => {
  it('plans 30 days every 5 minutes (8,640 scrapes) ending at the last 5-minute mark', () => {
    const now = START + 3 * MINUTE;
    const plan = planBackfill(now, null);
    expect(plan.times).toHaveLength(8640);
    expect(plan.times.at(-1)).toBe(START);
    expect(plan.times[1]! - plan.times[0]!).toBe(5 * MINUTE);
  });

  it('resumes after the newest stored scrape and plans nothing when history is complete', () => {
    const now = START;
    expect(planBackfill(now, START - DAY).times).toHaveLength(288);
    expect(planBackfill(now, START).times).toEqual([]);
  });
});
