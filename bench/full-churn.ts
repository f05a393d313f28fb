/**
 * Full-churn data for the scale benchmark: the same farmers in every scrape, each one's height
 * different from its height in the previous scrape — the original's benchmark data and a growing
 * network, where the simulator changes about 350 heights per 25,000-farmer scrape. Pure.
 */
import { MAX_HEIGHT_EXCLUSIVE, totalId, totalTerabytes, type FarmerEntry } from '../shared/model/dataserv.js';
import type { NetworkState } from '../main/simulator/network-model.js';

/** The status server lists farmers seen within the last five minutes: last_seen stays below. */
const ONLINE_WINDOW_S = 300;
/** Sort keys pack (height, position) into one double, as the simulator does. */
const MAX_POSITIONS = 4_194_304;

export class FullChurnNetwork {
  private readonly farmers: readonly FarmerEntry[];

  /** The farmers of `base` (a simulator state, say) are the network's farmers in every scrape. */
  constructor(base: NetworkState) {
    if (base.farmers.length > MAX_POSITIONS) throw new RangeError(`${base.farmers.length} farmers: at most ${MAX_POSITIONS} fit the sort key`);
    this.farmers = base.farmers;
  }

  get size(): number {
    return this.farmers.length;
  }

  /**
   * Scrape number `scrape` (0, 1, 2…) at `time`: every height is one more than in the scrape
   * before, wrapping to 0 past the largest height the schema allows, so each changes every
   * scrape; listed by height descending as the status server lists them. Scrape 0 is the base
   * state itself (its heights, last_seen and order).
   */
  stateAt(scrape: number, time: number): NetworkState {
    if (!Number.isSafeInteger(scrape) || scrape < 0) throw new RangeError(`scrape ${scrape}: must be a whole number of at least 0`);
    const count = this.farmers.length;
    const changed = new Array<FarmerEntry>(count);
    const sortKeys = new Float64Array(count);
    let heightSum = 0;
    for (let i = 0; i < count; i++) {
      const farmer = this.farmers[i]!;
      const height = (farmer.height + scrape) % MAX_HEIGHT_EXCLUSIVE;
      changed[i] = { ...farmer, height, last_seen: (farmer.last_seen + 7 * scrape) % ONLINE_WINDOW_S };
      sortKeys[i] = (MAX_HEIGHT_EXCLUSIVE - 1 - height) * MAX_POSITIONS + i;
      heightSum += height;
    }
    sortKeys.sort();
    const farmers = new Array<FarmerEntry>(count);
    for (let i = 0; i < count; i++) farmers[i] = changed[sortKeys[i]! % MAX_POSITIONS]!;
    return { time, farmers, total: { id: totalId(time), total_TB: totalTerabytes(heightSum), total_farmers: count } };
  }
}
