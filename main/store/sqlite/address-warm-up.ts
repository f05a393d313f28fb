import type { FarmerEntry } from '../../../shared/model/dataserv.js';
import { AddressSequence, type AddressDictionary } from './address-dictionary.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * Adds a scrape's new addresses to the dictionary a slice at a time, ahead of its snapshot. The
 * first scrape of a large network brings every address at once (about 0.3 s at 25,000 farmers in
 * one transaction); in slices the event loop gets a turn in between. The addresses are added in
 * exactly the order the store would add them (farmers in list order, then the payout addresses
 * that differ, in farmer-id order), so every id is the one the store alone would have given.
 */
export class AddressWarmUp {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly addresses: AddressDictionary,
  ) {}

  /** How many of the farmers' addresses the dictionary does not know yet. */
  unknownIn(farmers: readonly FarmerEntry[]): number {
    let unknown = 0;
    for (const farmer of farmers) {
      if (this.addresses.idOf(farmer.btc_addr) === undefined) unknown++;
      if (farmer.payout_addr !== farmer.btc_addr && this.addresses.idOf(farmer.payout_addr) === undefined) unknown++;
    }
    return unknown;
  }

  /** The farmers' addresses then their payout addresses, in the order the store resolves them. */
  farmerAddresses(farmers: readonly FarmerEntry[]): string[] {
    return farmers.map((farmer) => farmer.btc_addr);
  }

  /** Call once every farmer address is in: the differing payout addresses by farmer id. */
  payoutAddresses(farmers: readonly FarmerEntry[]): string[] {
    const byId = farmers
      .filter((farmer) => farmer.payout_addr !== farmer.btc_addr)
      .map((farmer) => ({ id: this.idOfKnown(farmer.btc_addr), payout: farmer.payout_addr }));
    byId.sort((a, b) => a.id - b.id);
    return byId.map((entry) => entry.payout);
  }

  /** Adds one slice in its own transaction; on a rollback the dictionary's cache forgets it too. */
  add(slice: readonly string[]): void {
    const highWater = this.addresses.highWater;
    try {
      this.db.transaction(() => this.addresses.ensureAll(slice, new AddressSequence()))();
    } catch (error) {
      this.addresses.forgetAfter(highWater);
      throw error;
    }
  }

  private idOfKnown(address: string): number {
    const id = this.addresses.idOf(address);
    if (id === undefined) throw new Error(`address ${address} was not added before its payout address`);
    return id;
  }
}
