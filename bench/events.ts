/**
 * `npm run bench -- events [--farmers N] [--watched N] [--scrapes N] [--runs N] [--target name=value]`
 *
 * What deriving node events adds to each scrape (docs/events.md): the rules for `--watched`
 * addresses (default 1,000) over scrapes of `--farmers` farmers (default 25,000), 5 minutes apart,
 * stored through the collector's real ingest path. Timed per scrape: reading this machine's scrape
 * log, folding the snapshot for every watched address and writing the batch and the state in a
 * transaction (in the job that transaction is the aggregates' own). Target: ≤ 2 ms per scrape
 * added to ingest + aggregates (issue 11).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ingestScrape } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { EventFold } from '../main/events/event-fold.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../main/simulator/server.js';
import type { RawCursor } from '../main/store/raw-store.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import { DEFAULT_SETTINGS } from '../shared/model/settings.js';
import { BenchUsageError, type Benchmark } from './runner.js';
import { median, type Figure } from './targets.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2026, 0, 1);

const figures: Figure[] = [
  { name: 'events-ms', label: 'node events added per scrape: scrape log + rules for every watched address + write', unit: 'ms', better: 'lower', target: 2 },
  { name: 'events-p95-ms', label: 'the same, 95th percentile of the scrapes of a run', unit: 'ms', better: 'lower' },
  { name: 'events-derived', label: 'events derived in a run', unit: 'events', better: 'higher' },
];

interface EventsOptions {
  farmers: number;
  watched: number;
  scrapes: number;
}

/** One run: a fresh store; each scrape ingested (untimed), then the events fold over it timed. */
async function measure(options: EventsOptions): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-events-'));
  const db = openDatabase(join(dir, 'driveshare.db'));
  try {
    const store = new SqliteRawStore(db);
    const network = new SimulatedNetwork({ farmers: options.farmers, seed: 'bench-events' });
    const validator = new PayloadValidator();
    const watched = network.stateAt(START).farmers.slice(0, options.watched).map((farmer) => farmer.btc_addr);
    const events = new EventFold(db, store, () => undefined);
    events.reload();
    await events.configure({ watched, rules: DEFAULT_SETTINGS.eventRules }, null);
    const timings: number[] = [];
    let cursor: RawCursor | null = null;
    for (let index = 0; index < options.scrapes; index++) {
      const time = START + index * SCRAPE_MS;
      const state = network.stateAt(time);
      await ingestScrape(store, { online: renderOnline(state), total: renderTotal(state) }, time, { validator });
      const records = store.readAfterSync(cursor, 16);
      cursor = records.at(-1)?.cursor ?? cursor;
      const started = performance.now();
      events.foldCollectorLog();
      events.foldRecords(records);
      db.transaction(() => events.write())();
      timings.push(performance.now() - started);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    return {
      'events-ms': median(timings),
      'events-p95-ms': sorted[Math.floor(sorted.length * 0.95)]!,
      'events-derived': db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM node_events').get()!.n,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function wholeNumber(name: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new BenchUsageError(`--${name} ${text}: must be a whole number of at least ${minimum}`);
  return value;
}

export const benchmark: Benchmark = {
  title: 'events benchmark',
  figures,
  open(args) {
    const { values } = parseArgs({
      args,
      options: { farmers: { type: 'string', default: '25000' }, watched: { type: 'string', default: '1000' }, scrapes: { type: 'string', default: '100' } },
    });
    const options: EventsOptions = {
      farmers: wholeNumber('farmers', values.farmers, 1),
      watched: wholeNumber('watched', values.watched, 1),
      scrapes: wholeNumber('scrapes', values.scrapes, 2),
    };
    console.log(
      `each run: a fresh store, ${options.scrapes} scrapes of about ${options.farmers.toLocaleString('en-US')} farmers 5 min apart, ${options.watched.toLocaleString('en-US')} watched addresses`,
    );
    return Promise.resolve({ run: () => measure(options), close: () => Promise.resolve() });
  },
};
