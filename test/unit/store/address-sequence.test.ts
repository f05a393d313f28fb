import { describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../shared/address.js';
import type { FarmerEntry } from '../../../shared/model/dataserv.js';
import { SnapshotAddressSequences, toSnapshotColumns } from '../../../main/store/snapshot-columns.js';
import { AddressDictionary, AddressSequence } from '../../../main/store/sqlite/address-dictionary.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';

/** A distinct valid address per number (its first bytes are the number). */
const address = (n: number): string => encodeAddress(0, Uint8Array.from({ length: 20 }, (_, byte) => (byte < 4 ? (n >>> (8 * byte)) & 0xff : byte * 13)));

describe('AddressDictionary.ensureAll', () => {
  it('gives the ids one ensure per address would, whatever the previous order (joins, leaves, moves)', () => {
    const guessed = new AddressDictionary(openDatabase(':memory:'));
    const plain = new AddressDictionary(openDatabase(':memory:'));
    const sequence = new AddressSequence();
    const lists = [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 4, 5, 9, 6, 7, 8],
      [8, 1, 2, 4, 10, 11, 12, 5, 9, 6, 7],
      [7, 6, 5, 4, 3, 2, 1],
      [1, 1, 2, 13, 2, 3],
      [],
      [3, 2, 1],
    ];
    for (const numbers of lists) {
      const addresses = numbers.map(address);
      expect(Array.from(guessed.ensureAll(addresses, sequence))).toEqual(addresses.map((value) => plain.ensure(value)));
    }
  });

  it('does not trust guesses made before a rollback handed their ids to other addresses', () => {
    const db = openDatabase(':memory:');
    const addresses = new AddressDictionary(db);
    const sequence = new AddressSequence();
    addresses.ensureAll([address(1)], sequence);
    const highWater = addresses.highWater;
    // A scrape adds address 2 in a transaction that rolls back: its id is free again.
    db.exec('BEGIN');
    addresses.ensureAll([address(1), address(2)], sequence);
    db.exec('ROLLBACK');
    addresses.forgetAfter(highWater);
    const idOfThree = addresses.ensure(address(3));
    const ids = addresses.ensureAll([address(1), address(2)], sequence);
    expect(ids[1]).not.toBe(idOfThree);
    expect(ids[1]).toBe(addresses.idOf(address(2)));
  });
});

describe('toSnapshotColumns with the store’s address sequences', () => {
  const farmersOf = (numbers: number[]): FarmerEntry[] =>
    numbers.map((n, index) => ({ btc_addr: address(n), payout_addr: address(index % 3 === 0 ? n : 5_000 + ((n + index) % 4)), last_seen: index, height: 1_000 - index }));

  it('produces the same columns and the same new ids as without them, scrape after scrape', () => {
    const withSequences = new AddressDictionary(openDatabase(':memory:'));
    const without = new AddressDictionary(openDatabase(':memory:'));
    const sequences = new SnapshotAddressSequences();
    for (const numbers of [[1, 2, 3, 4, 5], [1, 2, 6, 3, 5], [7, 5, 1, 2, 6, 3, 8], [2, 1]]) {
      const farmers = farmersOf(numbers);
      expect(toSnapshotColumns(farmers, withSequences, sequences)).toEqual(toSnapshotColumns(farmers, without));
    }
  });
});
