import type { FarmerEntry } from '../../shared/model/dataserv.js';
import type { SnapshotColumns } from './raw-store.js';
import { AddressSequence, type AddressDictionary } from './sqlite/address-dictionary.js';

const POSITIONS = 4_194_304;

/**
 * The positions of `ids` in ascending id order. Dictionary ids are dense (1..n), so one pass over a
 * table indexed by id is linear and beats any sort; very sparse ids fall back to a native sort of
 * keys packing (id, position) into one double (ids < 2^31, positions < 2^22), several times faster
 * than a sort calling a comparator per pair.
 */
function orderById(ids: Int32Array, maxId: number): Int32Array {
  const count = ids.length;
  const order = new Int32Array(count);
  if (maxId <= count * 16 + 1024) {
    const position = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      if (position[id] !== -1) throw new RangeError(`address id ${id} appears twice in one snapshot`);
      position[id] = i;
    }
    let next = 0;
    for (let id = 0; id <= maxId && next < count; id++) {
      const at = position[id]!;
      if (at !== -1) order[next++] = at;
    }
    return order;
  }
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = ids[i]! * POSITIONS + i;
  keys.sort();
  for (let i = 0; i < count; i++) order[i] = keys[i]! % POSITIONS;
  return order;
}

/** What a store keeps between scrapes so `toSnapshotColumns` can guess ids instead of looking them up. */
export class SnapshotAddressSequences {
  readonly farmers = new AddressSequence();
  readonly payouts = new AddressSequence();
}

/**
 * Turns validated farmer entries into columns sorted by local address id, adding new addresses to
 * the dictionary (call inside the caller's transaction). Shared by every raw store so a snapshot
 * means the same whichever store it came from. Addresses are resolved in the same order as one
 * `ensure` each would (farmers in list order, then differing payouts in id order), so new ids are
 * the same with or without `sequences`; a store passing its own `sequences` every scrape resolves
 * the steady state's known addresses mostly without hash lookups.
 */
export function toSnapshotColumns(
  farmers: readonly FarmerEntry[],
  addresses: AddressDictionary,
  sequences: SnapshotAddressSequences = new SnapshotAddressSequences(),
): SnapshotColumns {
  const count = farmers.length;
  const farmerAddresses = new Array<string>(count);
  for (let i = 0; i < count; i++) farmerAddresses[i] = farmers[i]!.btc_addr;
  const ids = addresses.ensureAll(farmerAddresses, sequences.farmers);
  let maxId = 0;
  for (let i = 0; i < count; i++) if (ids[i]! > maxId) maxId = ids[i]!;
  const order = orderById(ids, maxId);
  const columns: SnapshotColumns = {
    ids: new Int32Array(count),
    heights: new Int32Array(count),
    lastSeen: new Int32Array(count),
    payouts: new Int32Array(count),
  };
  const payoutAddresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = order[i]!;
    const farmer = farmers[source]!;
    columns.ids[i] = ids[source]!;
    columns.heights[i] = farmer.height;
    columns.lastSeen[i] = farmer.last_seen;
    columns.payouts[i] = ids[source]!;
    if (farmer.payout_addr !== farmer.btc_addr) payoutAddresses.push(farmer.payout_addr);
  }
  const payoutIds = addresses.ensureAll(payoutAddresses, sequences.payouts);
  for (let i = 0, next = 0; i < count; i++) {
    const farmer = farmers[order[i]!]!;
    if (farmer.payout_addr !== farmer.btc_addr) columns.payouts[i] = payoutIds[next++]!;
  }
  return columns;
}
