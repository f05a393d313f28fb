/**
 * Feeding a store scrapes the way the collector does, for the benchmarks that time ingest +
 * aggregates (aggregate, scale): the real ingest path, then the aggregation job.
 */
import { performance } from 'node:perf_hooks';
import { ingestScrape, type ScrapeBodies } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { AggregationJob } from '../main/jobs/run-aggregation.js';
import type { NetworkState } from '../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../main/simulator/server.js';
import type { SqliteDatabase } from '../main/store/sqlite/open-database.js';
import type { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';

/** The collector's default interval. */
export const SCRAPE_MS = 300_000;
/** Where the benchmarks' histories start. */
export const BENCH_START = Date.UTC(2026, 0, 1);

/** The status server's two answers for a network state, as the simulator serves them. */
export function bodiesOf(state: NetworkState): ScrapeBodies {
  return { online: renderOnline(state), total: renderTotal(state) };
}

/**
 * Stores a network state as one scrape straight through the raw store, without the JSON round
 * trip: for histories written before the timed part (the rebuild's input), not for timing ingest.
 */
export function appendState(store: SqliteRawStore, state: NetworkState): void {
  store.appendScrapeSync({
    time: state.time,
    durationMs: 100,
    source: 'collector',
    farmers: state.farmers,
    total: { id: state.total.id, totalTB: state.total.total_TB, totalFarmers: state.total.total_farmers },
    rejected: 0,
    duplicates: 0,
    rejections: [],
  });
}

export interface ScrapeTiming {
  ingest: number;
  aggregate: number;
}

/**
 * One store being fed scrapes through the real ingest path, each followed by the aggregation job
 * (one long-lived job, as the worker keeps). `scrape()` returns the two timings in ms; making
 * the bodies (`bodiesAt`) is not timed.
 */
export class ScrapeFeeder {
  private readonly validator = new PayloadValidator();
  private readonly job: AggregationJob;
  private time: number;

  constructor(
    private readonly store: SqliteRawStore,
    db: SqliteDatabase,
    private readonly bodiesAt: (time: number) => ScrapeBodies,
    from: number,
  ) {
    this.job = new AggregationJob(db, store, () => undefined);
    this.time = from;
  }

  async scrape(): Promise<ScrapeTiming> {
    const bodies = this.bodiesAt(this.time);
    const started = performance.now();
    await ingestScrape(this.store, bodies, this.time, { validator: this.validator });
    const ingested = performance.now();
    await this.job.run();
    const done = performance.now();
    this.time += SCRAPE_MS;
    return { ingest: ingested - started, aggregate: done - ingested };
  }
}
