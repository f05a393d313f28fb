import type { FarmerEntry } from '../../shared/model/dataserv.js';
import type { TurnBudget } from '../scheduling/turn-budget.js';
import { AddressWarmUp } from '../store/sqlite/address-warm-up.js';
import { SqliteRawStore } from '../store/sqlite/sqlite-raw-store.js';
import type { NewScrape } from '../store/raw-store.js';
import type { ImportTarget } from './import-context.js';
import type { ScrapeBatchWriter } from './scrape-batch-writer.js';

/** New addresses in one document above which they are added ahead of it, a slice per turn. */
const AHEAD_ABOVE = 2_000;
const SLICE = 1_000;

/**
 * Adds a document's new addresses to the dictionary ahead of its snapshot, a slice per turn: the
 * first document of a large network brings every address at once, 25,000 inserts (0.15–0.3 s) in
 * the transaction that stores it. Only for a store whose dictionary is this process's SQLite.
 */
export class NewAddressesAhead {
  private readonly warmUp: AddressWarmUp | null;

  constructor(target: ImportTarget) {
    this.warmUp = target.store instanceof SqliteRawStore ? new AddressWarmUp(target.db, target.addresses) : null;
  }

  /** Whether `farmers` bring enough new addresses to be added ahead. */
  worthIt(farmers: readonly FarmerEntry[] | null): boolean {
    return this.warmUp !== null && farmers !== null && farmers.length * 2 > AHEAD_ABOVE && this.warmUp.unknownIn(farmers) > AHEAD_ABOVE;
  }

  /**
   * Adds them in the order the store would (farmers, then the payouts that differ by farmer id),
   * so ids are the ones storing the document alone would give: call with every earlier document stored.
   */
  async add(farmers: readonly FarmerEntry[], turn: TurnBudget): Promise<void> {
    const warmUp = this.warmUp;
    if (warmUp === null) return;
    // The payout list is made only once the farmers are in: its order follows their ids.
    for (const list of [() => warmUp.farmerAddresses(farmers), () => warmUp.payoutAddresses(farmers)]) {
      const addresses = list();
      for (let from = 0; from < addresses.length; from += SLICE) {
        await turn.yieldWhenSpent();
        warmUp.add(addresses.slice(from, from + SLICE));
      }
    }
  }
}

/**
 * Adds a converted record to the batch, flushing when it is full; a record with many new addresses
 * is preceded by storing the batch so far and adding those addresses a slice per turn.
 */
export async function addToBatch(record: NewScrape, writer: ScrapeBatchWriter, ahead: NewAddressesAhead, turn: TurnBudget, flush: () => Promise<void>): Promise<void> {
  if (record.farmers !== null && ahead.worthIt(record.farmers)) {
    await flush();
    await ahead.add(record.farmers, turn);
  }
  if (!writer.add(record)) return;
  // Reading and checking the document was this turn's work so far; storing the batch gets its own.
  await turn.yieldWhenSpent();
  await flush();
}
