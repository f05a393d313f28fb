/**
 * `node --import tsx bench/events.ts [--farmers N] [--watched N] [--scrapes N]`
 *
 * What deriving node events adds to each scrape (docs/events.md): the rules for `--watched`
 * addresses (default 1,000) over scrapes of `--farmers` farmers (default 25,000), 5 minutes apart,
 * stored through the collector's real ingest path. Timed per scrape: reading this machine's scrape
 * log, folding the snapshot for every watched address and writing the batch and the state in a
 * transaction (in the job that transaction is the aggregates' own). Target: ≤ 2 ms per scrape.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ingestScrape } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { EventFold } from '../main/events/event-fold.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import type { RawCursor } from '../main/store/raw-store.js';
import { DEFAULT_SETTINGS } from '../shared/model/settings.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2026, 0, 1);

const { values } = parseArgs({
  options: { farmers: { type: 'string', default: '25000' }, watched: { type: 'string', default: '1000' }, scrapes: { type: 'string', default: '300' } },
});
const farmers = Number(values.farmers);
const watchedCount = Number(values.watched);
const scrapes = Number(values.scrapes);

const dir = mkdtempSync(join(tmpdir(), 'bench-events-'));
try {
  const db = openDatabase(join(dir, 'driveshare.db'));
  const store = new SqliteRawStore(db);
  const network = new SimulatedNetwork({ farmers, seed: 'bench-events' });
  const validator = new PayloadValidator();
  const watched = network.stateAt(START).farmers.slice(0, watchedCount).map((farmer) => farmer.btc_addr);
  const events = new EventFold(db, store, () => undefined);
  events.reload();
  await events.configure({ watched, rules: DEFAULT_SETTINGS.eventRules }, null);

  const timings: number[] = [];
  let derived = 0;
  let cursor: RawCursor | null = null;
  for (let index = 0; index < scrapes; index++) {
    const time = START + index * SCRAPE_MS;
    const state = network.stateAt(time);
    await ingestScrape(store, { online: JSON.stringify({ farmers: state.farmers }), total: JSON.stringify(state.total) }, time, { validator });
    const records = store.readAfterSync(cursor, 16);
    cursor = records.at(-1)?.cursor ?? cursor;
    const started = performance.now();
    events.foldCollectorLog();
    events.foldRecords(records);
    db.transaction(() => events.write())();
    timings.push(performance.now() - started);
    derived = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM node_events').get()!.n;
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
  console.log(`node events: ${watched.length} watched of ${farmers} farmers, ${scrapes} scrapes 5 min apart, ${derived} events derived (${cpus()[0]?.model ?? 'unknown CPU'})`);
  console.log(`  added per scrape: median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms (target ≤ 2 ms)`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
