import type { SqliteDatabase } from './open-database.js';

/**
 * The addresses one `ensureAll` call resolved, in order, with their ids: the next call's guesses.
 * A caller keeps one per kind of list (btc addresses, payout addresses) across scrapes.
 */
export class AddressSequence {
  addresses: readonly string[] = [];
  ids = new Int32Array(0);
  /** The dictionary's epoch the ids belong to (a rollback makes them stale). */
  epoch = -1;
}

/** How far past a failed guess to look for the address (farmers who left the list). */
const RESYNC_LOOKAHEAD = 4;

/**
 * Maps farmer addresses to small integer ids so snapshots and aggregates store 4-byte ids, not
 * 34-character strings. The whole dictionary is cached: at 25,000 known addresses steady-state
 * ingest resolves every address with one Map lookup. It is read on first use, not when built: a
 * connection that only reads snapshots (the aggregation worker's) never needs it, and at 250,000
 * addresses reading it costs about a second and 30 MB.
 */
export class AddressDictionary {
  private readonly idsByAddress = new Map<string, number>();
  private readonly addressesById: string[] = [];
  /** Bumped by `forgetAfter`: ids handed out before it may since belong to other addresses. */
  private epoch = 0;
  private loaded = false;
  private readonly insert;
  private readonly loadAfter;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<[string], { id: number }>(
      'INSERT INTO addresses (address) VALUES (?) ON CONFLICT (address) DO NOTHING RETURNING id',
    );
    this.loadAfter = db.prepare<[number], { id: number; address: string }>('SELECT id, address FROM addresses WHERE id > ? ORDER BY id');
  }

  /** Picks up addresses another connection added (another process, or a rolled-back cache). */
  refresh(): void {
    this.loaded = true;
    for (const row of this.loadAfter.iterate(Math.max(0, this.addressesById.length - 1))) this.remember(row.id, row.address);
  }

  private load(): void {
    if (!this.loaded) this.refresh();
  }

  get size(): number {
    this.load();
    return this.idsByAddress.size;
  }

  idOf(address: string): number | undefined {
    this.load();
    return this.idsByAddress.get(address);
  }

  addressOf(id: number): string | undefined {
    this.load();
    return this.addressesById[id];
  }

  /**
   * Returns the address's id, adding it when new. Call inside the caller's transaction; if that
   * transaction rolls back, call `forgetAfter` with the size before it so the cache matches disk.
   */
  ensure(address: string): number {
    this.load();
    const known = this.idsByAddress.get(address);
    if (known !== undefined) return known;
    const row = this.insert.get(address);
    // Another connection (the aggregation worker following a shared MongoDB store, another
    // process) may have added addresses since: learn them in id order so the cache has no holes.
    if (row === undefined || row.id !== this.highWater + 1) this.refresh();
    else this.remember(row.id, address);
    const id = this.idsByAddress.get(address);
    if (id === undefined) throw new Error(`address ${address} is neither new nor in the addresses table`);
    return id;
  }

  /**
   * The ids of `addresses` (adding new ones), like `ensure` on each, in the same order. Steady-state
   * scrapes list nearly the same addresses in nearly the same order, often as the very same string
   * objects (the validator hands out canonical ones), so each address is first compared with the
   * one that followed the previous match in `sequence`; only a failed guess pays for a hash lookup.
   * At 25,000 addresses that saves most of the cost of resolving them.
   */
  ensureAll(addresses: readonly string[], sequence: AddressSequence): Int32Array {
    this.load();
    const count = addresses.length;
    const ids = new Int32Array(count);
    const previous = sequence.epoch === this.epoch ? sequence.addresses : [];
    const previousIds = sequence.ids;
    let guess = 0;
    for (let i = 0; i < count; i++) {
      const address = addresses[i]!;
      if (guess < previous.length && previous[guess] === address) {
        ids[i] = previousIds[guess++]!;
        continue;
      }
      ids[i] = this.ensure(address);
      const limit = Math.min(previous.length, guess + 1 + RESYNC_LOOKAHEAD);
      for (let ahead = guess + 1; ahead < limit; ahead++) {
        if (previous[ahead] === address) {
          guess = ahead + 1;
          break;
        }
      }
    }
    sequence.addresses = addresses;
    sequence.ids = ids;
    sequence.epoch = this.epoch;
    return ids;
  }

  /** Highest id known to this cache (0 when empty): a rollback point for `forgetAfter`. */
  get highWater(): number {
    this.load();
    return Math.max(0, this.addressesById.length - 1);
  }

  forgetAfter(highWater: number): void {
    this.load();
    this.epoch++;
    for (let id = this.addressesById.length - 1; id > highWater; id--) {
      const address = this.addressesById[id];
      if (address !== undefined) this.idsByAddress.delete(address);
    }
    this.addressesById.length = highWater + 1;
  }

  private remember(id: number, address: string): void {
    this.idsByAddress.set(address, id);
    this.addressesById[id] = address;
  }
}
