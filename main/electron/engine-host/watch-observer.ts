import type { ScrapeOutcome } from '../../../shared/model/status.js';
import { indexOfId } from '../../events/node-rules.js';
import type { RawStore } from '../../store/raw-store.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import type { WatchObservation } from './protocol.js';

/**
 * Turns one scrape outcome into the input of the notification rules: which watched addresses the
 * scrape listed. Read from the raw scrape itself (not the aggregates, which fold a moment later),
 * so a notification is about exactly the scrape that caused it.
 */
export class WatchObserver {
  readonly #rawStore: RawStore;
  readonly #idOf;

  constructor(rawStore: RawStore, db: SqliteDatabase) {
    this.#rawStore = rawStore;
    this.#idOf = db.prepare<[string], { id: number }>('SELECT id FROM addresses WHERE address = ?');
  }

  async observe(outcome: ScrapeOutcome, watched: readonly string[]): Promise<WatchObservation> {
    if (!outcome.ok) return { ok: false, time: outcome.time, errorMessage: outcome.errorMessage ?? outcome.errorCode ?? 'unknown error' };
    const ids = await this.#snapshotIds(outcome.time);
    const listed = ids === null ? [] : watched.filter((address) => {
      const row = this.#idOf.get(address);
      return row !== undefined && containsSorted(ids, row.id);
    });
    return { ok: true, time: outcome.time, listed };
  }

  /** The address ids of the scrape stored at `time` (the store orders by time, then key). */
  async #snapshotIds(time: number): Promise<Int32Array | null> {
    const candidates = await this.#rawStore.readAfter({ time: time - 1, key: '' }, 8);
    const scrape = candidates.find((candidate) => candidate.time === time && candidate.snapshot !== null);
    return scrape?.snapshot?.ids ?? null;
  }
}

/** Snapshot ids are sorted ascending (SnapshotColumns), so membership is the events' binary search. */
export function containsSorted(sorted: Int32Array, value: number): boolean {
  return indexOfId(sorted, value) >= 0;
}
