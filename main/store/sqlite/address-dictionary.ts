import type { SqliteDatabase } from './open-database.js';

/**
 * Maps farmer addresses to small integer ids so snapshots and aggregates store 4-byte ids, not
 * 34-character strings. The whole dictionary is cached: at 25,000 known addresses steady-state
 * ingest resolves every address with one Map lookup.
 */
export class AddressDictionary {
  private readonly idsByAddress = new Map<string, number>();
  private readonly addressesById: string[] = [];
  private readonly insert;
  private readonly loadAfter;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<[string], { id: number }>(
      'INSERT INTO addresses (address) VALUES (?) ON CONFLICT (address) DO NOTHING RETURNING id',
    );
    this.loadAfter = db.prepare<[number], { id: number; address: string }>('SELECT id, address FROM addresses WHERE id > ? ORDER BY id');
    this.refresh();
  }

  /** Picks up addresses another connection added (another process, or a rolled-back cache). */
  refresh(): void {
    for (const row of this.loadAfter.iterate(this.highWater)) this.remember(row.id, row.address);
  }

  get size(): number {
    return this.idsByAddress.size;
  }

  idOf(address: string): number | undefined {
    return this.idsByAddress.get(address);
  }

  addressOf(id: number): string | undefined {
    return this.addressesById[id];
  }

  /**
   * Returns the address's id, adding it when new. Call inside the caller's transaction; if that
   * transaction rolls back, call `forgetAfter` with the size before it so the cache matches disk.
   */
  ensure(address: string): number {
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

  /** Highest id known to this cache (0 when empty): a rollback point for `forgetAfter`. */
  get highWater(): number {
    return Math.max(0, this.addressesById.length - 1);
  }

  forgetAfter(highWater: number): void {
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
