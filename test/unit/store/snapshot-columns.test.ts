import { describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../shared/address.js';
import type { FarmerEntry } from '../../../shared/model/dataserv.js';
import { toSnapshotColumns } from '../../../main/store/snapshot-columns.js';
import { AddressDictionary } from '../../../main/store/sqlite/address-dictionary.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';

/** A distinct valid address per number (its first bytes are the number). */
const address = (n: number): string => encodeAddress(0, Uint8Array.from({ length: 20 }, (_, byte) => (byte < 4 ? (n >>> (8 * byte)) & 0xff : byte * 13)));

/** What the columns must be: entries ordered by their address id, payouts as ids. */
function expected(farmers: FarmerEntry[], addresses: AddressDictionary) {
  const rows = farmers
    .map((farmer) => ({ id: addresses.idOf(farmer.btc_addr)!, farmer }))
    .sort((a, b) => a.id - b.id);
  return {
    ids: Int32Array.from(rows.map((row) => row.id)),
    heights: Int32Array.from(rows.map((row) => row.farmer.height)),
    lastSeen: Int32Array.from(rows.map((row) => row.farmer.last_seen)),
    payouts: Int32Array.from(rows.map((row) => addresses.idOf(row.farmer.payout_addr)!)),
  };
}

describe('toSnapshotColumns', () => {
  const farmersOf = (numbers: number[]): FarmerEntry[] =>
    numbers.map((n, index) => ({ btc_addr: address(n), payout_addr: address(index % 3 === 0 ? n : 5_000 + (n % 4)), last_seen: index, height: 1_000 - index }));

  it('orders entries by address id when ids are dense (the usual case)', () => {
    const addresses = new AddressDictionary(openDatabase(':memory:'));
    // A first scrape fixes ids in list order; the next lists them in another order.
    toSnapshotColumns(farmersOf([1, 2, 3, 4, 5, 6, 7, 8]), addresses);
    const farmers = farmersOf([8, 3, 5, 1, 9, 2, 7]);
    expect(toSnapshotColumns(farmers, addresses)).toEqual(expected(farmers, addresses));
  });

  it('orders entries by address id when ids are sparse (a few farmers among many known addresses)', () => {
    const addresses = new AddressDictionary(openDatabase(':memory:'));
    for (let n = 0; n < 1_500; n++) addresses.ensure(address(10_000 + n));
    expect(addresses.size).toBe(1_500);
    const farmers = farmersOf([30, 10, 20]);
    toSnapshotColumns(farmersOf([10, 20, 30]), addresses);
    expect(toSnapshotColumns(farmers, addresses)).toEqual(expected(farmers, addresses));
  });

  it('refuses two entries of one address rather than storing one of them silently', () => {
    const addresses = new AddressDictionary(openDatabase(':memory:'));
    expect(() => toSnapshotColumns(farmersOf([1, 2, 1]), addresses)).toThrow(/appears twice/);
  });
});
