import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddressDictionary } from '../../main/store/sqlite/address-dictionary.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { farmerAddress, scratchDir } from '../support/import-fixtures.js';

let scratch: ReturnType<typeof scratchDir>;
let first: SqliteDatabase;
let second: SqliteDatabase;

beforeEach(() => {
  scratch = scratchDir();
  first = openDatabase(join(scratch.dir, 'store.db'));
  second = openDatabase(join(scratch.dir, 'store.db'));
});

afterEach(() => {
  first.close();
  second.close();
  scratch.cleanup();
});

describe('AddressDictionary shared by two connections', () => {
  it('agrees on ids when both add addresses (the worker following MongoDB while an import runs)', () => {
    const one = new AddressDictionary(first);
    const two = new AddressDictionary(second);
    const a = one.ensure(farmerAddress(1));
    const b = two.ensure(farmerAddress(2));
    expect(one.ensure(farmerAddress(2))).toBe(b);
    const c = one.ensure(farmerAddress(3));
    expect(two.ensure(farmerAddress(3))).toBe(c);
    expect(two.ensure(farmerAddress(1))).toBe(a);
    for (const dictionary of [one, two]) {
      expect([1, 2, 3].map((index) => dictionary.addressOf(dictionary.idOf(farmerAddress(index))!))).toEqual([1, 2, 3].map((index) => farmerAddress(index)));
    }
  });

  it('learns addresses another connection added before its own new one, leaving no gaps', () => {
    const one = new AddressDictionary(first);
    const two = new AddressDictionary(second);
    const added = two.ensure(farmerAddress(7));
    const mine = one.ensure(farmerAddress(8));
    expect(mine).toBe(added + 1);
    expect(one.addressOf(added)).toBe(farmerAddress(7));
    expect(one.size).toBe(2);
  });
});
