import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

/**
 * Serialized answers kept until the store changes. SQLite's `data_version` changes for this
 * connection whenever any other connection (the aggregation worker, the collector, an import)
 * commits, so an entry can never outlive the data it was computed from; every figure is relative
 * to the newest stored scrape, never to the wall clock, so nothing else can make it stale.
 * Used for the dashboard payload, which many views request between two scrapes.
 */
export class ResponseCache<Body> {
  readonly #dataVersion: Statement<[], number>;
  readonly #entries = new Map<string, Body>();
  readonly #maxEntries: number;
  #version = -1;

  constructor(db: SqliteDatabase, maxEntries = 64) {
    this.#dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#maxEntries = maxEntries;
  }

  get(key: string, compute: () => Body): Body {
    const version = this.#dataVersion.get()!;
    if (version !== this.#version) {
      this.#entries.clear();
      this.#version = version;
    }
    let body = this.#entries.get(key);
    if (body === undefined) {
      body = compute();
      // Oldest first out: a Map iterates in insertion order.
      if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, body);
    }
    return body;
  }
}
