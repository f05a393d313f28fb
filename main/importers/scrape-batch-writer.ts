import type { TimeSpan } from '../../shared/model/network.js';
import type { NewScrape, RawStore } from '../store/raw-store.js';

/**
 * A batch closes at this many records or farmer observations, whichever comes first. A batch is
 * one transaction on the event loop the API shares: 500 totals records or one 25,000-farmer
 * snapshot store in about 10 ms on a quiet machine; 2,000 records or 200,000 observations held
 * the loop for 40–80 ms.
 */
const MAX_BATCH_RECORDS = 500;
const MAX_BATCH_OBSERVATIONS = 25_000;

export interface BatchOutcome {
  inserted: number;
  skipped: number;
  /** The batch's earliest and latest scrape time; null for an empty batch. */
  span: TimeSpan | null;
}

/**
 * Collects converted records and writes them through the raw store's `appendScrapes`, many per
 * transaction: an import is bound by document parsing, not by a commit per document.
 */
export class ScrapeBatchWriter {
  private pending: NewScrape[] = [];
  private observations = 0;

  constructor(private readonly store: RawStore) {}

  get size(): number {
    return this.pending.length;
  }

  /** Adds a record; true when the batch is full and should be flushed. */
  add(scrape: NewScrape): boolean {
    this.pending.push(scrape);
    this.observations += scrape.farmers?.length ?? 0;
    return this.pending.length >= MAX_BATCH_RECORDS || this.observations >= MAX_BATCH_OBSERVATIONS;
  }

  async flush(): Promise<BatchOutcome> {
    if (this.pending.length === 0) return { inserted: 0, skipped: 0, span: null };
    const batch = this.pending;
    this.pending = [];
    this.observations = 0;
    const results = await this.store.appendScrapes(batch);
    const inserted = results.filter((result) => result.inserted).length;
    let from = Infinity;
    let to = -Infinity;
    for (const scrape of batch) {
      from = Math.min(from, scrape.time);
      to = Math.max(to, scrape.time);
    }
    return { inserted, skipped: results.length - inserted, span: { from, to } };
  }
}
