/**
 * `npm run bench -- collect [--farmers N] [--scrapes N] [--runs N] [--target name=value]`
 *
 * 1. Steady-state ingest: the median time to parse, validate and store one scrape of about
 *    `--farmers` farmers (default 25,000) whose addresses are already known, through the real
 *    ingest path (`ingestScrape`) on the JSON bodies the simulator serves. Target ≤ 25 ms.
 *    The medians of the three steps, timed separately, show where the time goes, and beside
 *    JSON.parse the column scan of bench/online-column-scan.ts on the same body (alone, and
 *    expecting the last scrape's addresses): the challenger ingest would adopt only if it won.
 * 2. Bytes on disk per farmer observation after `--scrapes` scrapes (default 288, one day),
 *    with the WAL checkpointed into the database file first. Target ≤ 8 B.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseJson } from '../main/collector/fetch-json.js';
import type { FarmerEntry } from '../shared/model/dataserv.js';
import { ingestScrape, type ScrapeBodies } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../main/simulator/server.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import { scanOnlineBody, type AddressHints } from './online-column-scan.js';
import { BenchUsageError, type Benchmark } from './runner.js';
import { median, type Figure } from './targets.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2026, 0, 1);

const figures: Figure[] = [
  { name: 'ingest-ms', label: 'steady-state ingest of one scrape: parse + validate + store', unit: 'ms', better: 'lower', target: 25 },
  { name: 'ingest-cpu-ms', label: 'CPU time of the same calls', unit: 'ms', better: 'lower' },
  { name: 'cold-ms', label: 'cold first scrape, every address new', unit: 'ms', better: 'lower' },
  { name: 'parse-ms', label: 'of the ingest: JSON.parse', unit: 'ms', better: 'lower' },
  { name: 'scan-ms', label: 'instead of JSON.parse: the column scan (bench/online-column-scan.ts)', unit: 'ms', better: 'lower' },
  { name: 'scan-expecting-ms', label: 'instead of JSON.parse: the column scan expecting the last scrape’s addresses', unit: 'ms', better: 'lower' },
  { name: 'validate-ms', label: 'of the ingest: validation', unit: 'ms', better: 'lower' },
  { name: 'store-ms', label: 'of the ingest: the store transaction', unit: 'ms', better: 'lower' },
  { name: 'bytes-per-observation', label: 'bytes on disk per farmer observation, WAL checkpointed', unit: 'B', better: 'lower', target: 8 },
];

const network = (farmers: number): SimulatedNetwork => new SimulatedNetwork({ farmers, seed: 'bench' });

function bodiesAt(network: SimulatedNetwork, time: number): ScrapeBodies {
  const state = network.stateAt(time);
  return { online: renderOnline(state), total: renderTotal(state) };
}

/** The last scrape's kept farmers as what the column scan may expect, as an ingest using it would pass them. */
function expecting(farmers: readonly FarmerEntry[]): AddressHints {
  const entries = farmers.map((farmer) => ({ address: farmer.btc_addr, payout: farmer.payout_addr === farmer.btc_addr ? null : farmer.payout_addr }));
  const at = new Map(entries.map((entry, index) => [entry.address, index]));
  return { entries, indexOf: (address) => at.get(address) ?? -1 };
}

/** Times the column scan of `text`, which must take it (the simulator's bodies are all clean). */
function timeScan(text: string, hints?: AddressHints): number {
  const started = performance.now();
  const columns = scanOnlineBody(text, hints);
  const elapsed = performance.now() - started;
  if (columns === null) throw new Error('the column scan declined a body the simulator rendered');
  return elapsed;
}

/** One run: a fresh store fed `scrapes` scrapes; the figures of that run (medians over its scrapes). */
async function measure(farmers: number, scrapes: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-collect-'));
  const file = join(dir, 'driveshare.db');
  const db = openDatabase(file);
  const store = new SqliteRawStore(db);
  const simulated = network(farmers);
  const validator = new PayloadValidator();
  try {
    // The first scrape meets every address for the first time (dictionary inserts, checksums):
    // that is the cold start, not the steady state, so it is timed apart.
    const first = bodiesAt(simulated, START);
    const coldStarted = performance.now();
    const firstOutcome = await ingestScrape(store, first, START, { validator });
    const cold = performance.now() - coldStarted;

    const ingest: number[] = [];
    // CPU time of the process for the same call: on a shared, busy machine wall time also counts
    // waiting for a core; CPU time is what the ingest costs (it includes GC on helper threads).
    const ingestCpu: number[] = [];
    const parse: number[] = [];
    const scan: number[] = [];
    const scanExpecting: number[] = [];
    // Its own validator, so that working out what the scan may expect leaves the ingest's untouched.
    const expectations = new PayloadValidator();
    let previousBodies = first;
    const validate: number[] = [];
    const append: number[] = [];
    let observations = firstOutcome.farmers;
    for (let index = 1; index < scrapes; index++) {
      const time = START + index * SCRAPE_MS;
      const bodies = bodiesAt(simulated, time);
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      const outcome = await ingestScrape(store, bodies, time, { validator });
      ingest.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuStarted);
      ingestCpu.push((cpu.user + cpu.system) / 1000);
      observations += outcome.farmers;
      // The three steps once more on the same bodies, into a throwaway transaction, for the breakdown.
      if (index % 8 === 1) {
        const t0 = performance.now();
        const online = parseJson(bodies.online, 'online');
        const t1 = performance.now();
        const validated = validator.validateOnline(online);
        const t2 = performance.now();
        db.exec('SAVEPOINT breakdown');
        store.appendScrapeSync({ time, durationMs: 0, source: 'collector', farmers: validated.farmers, total: null, rejected: 0, duplicates: 0, rejections: [] });
        const t3 = performance.now();
        db.exec('ROLLBACK TO breakdown; RELEASE breakdown');
        parse.push(t1 - t0);
        validate.push(t2 - t1);
        append.push(t3 - t2);
        // The challenger on the same body, as it would be called in place of JSON.parse.
        scan.push(timeScan(bodies.online));
        scanExpecting.push(timeScan(bodies.online, expecting(expectations.validateOnline(parseJson(previousBodies.online, 'online')).farmers)));
      }
      previousBodies = bodies;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBytes = statSync(file).size;
    return {
      'ingest-ms': median(ingest),
      'ingest-cpu-ms': median(ingestCpu),
      'cold-ms': cold,
      'parse-ms': median(parse),
      'scan-ms': median(scan),
      'scan-expecting-ms': median(scanExpecting),
      'validate-ms': median(validate),
      'store-ms': median(append),
      'bytes-per-observation': fileBytes / observations,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  title: 'collect benchmark',
  figures,
  open(args) {
    const { values } = parseArgs({ args, options: { farmers: { type: 'string', default: '25000' }, scrapes: { type: 'string', default: '288' } } });
    const farmers = Number(values.farmers);
    const scrapes = Number(values.scrapes);
    if (!Number.isInteger(farmers) || farmers < 1) throw new BenchUsageError(`--farmers ${values.farmers}: must be a whole number of at least 1`);
    if (!Number.isInteger(scrapes) || scrapes < 2) throw new BenchUsageError(`--scrapes ${values.scrapes}: must be a whole number of at least 2 (the first is the cold start)`);
    const bytes = renderOnline(network(farmers).stateAt(START)).length;
    console.log(`each run: a fresh store, ${scrapes} scrapes of about ${farmers.toLocaleString('en-US')} farmers (${(bytes / 1e6).toFixed(2)} MB of JSON each)`);
    return Promise.resolve({ run: () => measure(farmers, scrapes), close: () => Promise.resolve() });
  },
};
