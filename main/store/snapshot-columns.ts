import type { FarmerEntry } from '../../shared/model/dataserv.js';
import type { SnapshotColumns } from './raw-store.js';
import type { AddressDictionary } from './sqlite/address-dictionary.js';

/**
 * Turns validated farmer entries into columns sorted by local address id, adding new addresses to
 * the dictionary (call inside the caller's transaction). Shared by every raw store so a snapshot
 * means the same whichever store it came from.
 */
export function toSnapshotColumns(farmers: readonly FarmerEntry[], addresses: AddressDictionary): SnapshotColumns {
  const count = farmers.length;
  const order = new Int32Array(count);
  const ids = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    ids[i] = addresses.ensure(farmers[i]!.btc_addr);
    order[i] = i;
  }
  order.sort((a, b) => ids[a]! - ids[b]!);
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
