import type { FarmerEntry } from '../../shared/model/dataserv.js';
import type { SnapshotColumns } from './raw-store.js';
import type { AddressDictionary } from './sqlite/address-dictionary.js';

const POSITIONS = 4_194_304;

/**
 * Turns validated farmer entries into columns sorted by local address id, adding new addresses to
 * the dictionary (call inside the caller's transaction). Shared by every raw store so a snapshot
 * means the same whichever store it came from.
 */
export function toSnapshotColumns(farmers: readonly FarmerEntry[], addresses: AddressDictionary): SnapshotColumns {
  const count = farmers.length;
  const ids = new Int32Array(count);
  // Sort keys pack (id, position) into one double (ids < 2^31, positions < 2^22): a typed-array
  // sort without a comparator is several times faster than one calling back into JS per pair.
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    ids[i] = addresses.ensure(farmers[i]!.btc_addr);
    keys[i] = ids[i]! * POSITIONS + i;
  }
  keys.sort();
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = keys[i]! % POSITIONS;
  const columns: SnapshotColumns = {
    ids: new Int32Array(count),
    heights: new Int32Array(count),
    lastSeen: new Int32Array(count),
    payouts: new Int32Array(count),
  };
  for (let i = 0; i < count; i++) {
    const source = order[i]!;
    const farmer = farmers[source]!;
    columns.ids[i] = ids[source]!;
    columns.heights[i] = farmer.height;
    columns.lastSeen[i] = farmer.last_seen;
    columns.payouts[i] = farmer.payout_addr === farmer.btc_addr ? ids[source]! : addresses.ensure(farmer.payout_addr);
  }
  return columns;
}
