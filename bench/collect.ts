/**
 * `npm run bench -- collect [--farmers N] [--scrapes N]`
 *
 * 1. Steady-state ingest: the median time to parse, validate and store one scrape of about
 *    `--farmers` farmers (default 25,000) whose addresses are already known, through the real
 *    ingest path (`ingestScrape`) on the JSON bodies the simulator serves. Target ≤ 25 ms.
 *    The medians of the three steps, timed separately, show where the time goes.
 * 2. Bytes on disk per farmer observation after `--scrapes` scrapes (default 288, one day),
 *    with the WAL checkpointed into the database file first. Target ≤ 8 B.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseJson } from '../main/collector/fetch-json.js';
import { ingestScrape, type ScrapeBodies } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../main/simulator/server.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2026, 0, 1);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const percentile = (values: number[], share: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))]!;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

function bodiesAt(network: SimulatedNetwork, time: number): ScrapeBodies {
  const state = network.stateAt(time);
  return { online: renderOnline(state), total: renderTotal(state) };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { farmers: { type: 'string', default: '25000' }, scrapes: { type: 'string', default: '288' } } });
  const farmers = Number(values.farmers);
  const scrapes = Number(values.scrapes);
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-collect-'));
  const file = join(dir, 'driveshare.db');
  const db = openDatabase(file);
  const store = new SqliteRawStore(db);
  const network = new SimulatedNetwork({ farmers, seed: 'bench' });
  const validator = new PayloadValidator();
  try {
    // The first scrape meets every address for the first time (dictionary inserts, checksums):
    // that is the cold start, not the steady state, so it is timed apart.
    const first = bodiesAt(network, START);
    const coldStarted = performance.now();
    const firstOutcome = await ingestScrape(store, first, START, { validator });
    const cold = performance.now() - coldStarted;

    const ingest: number[] = [];
    // CPU time of the process for the same call: on a shared, busy machine wall time also counts
    // waiting for a core; CPU time is what the ingest costs (it includes GC on helper threads).
    const ingestCpu: number[] = [];
    const parse: number[] = [];
    const validate: number[] = [];
    const append: number[] = [];
    let observations = firstOutcome.farmers;
    let bodyBytes = 0;
    for (let index = 1; index < scrapes; index++) {
      const time = START + index * SCRAPE_MS;
      const bodies = bodiesAt(network, time);
      bodyBytes += bodies.online.length;
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      const outcome = await ingestScrape(store, bodies, time, { validator });
      ingest.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuStarted);
      ingestCpu.push((cpu.user + cpu.system) / 1000);
      observations += outcome.farmers;
      // The three steps once more on the same bodies, into a throwaway transaction, for the breakdown.
      if (index % 8 === 0) {
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
      }
    }

    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBytes = statSync(file).size;
    const blobBytes = db.prepare<[], { bytes: number }>('SELECT SUM(LENGTH(data)) AS bytes FROM snapshots').get()!.bytes;
    const counts = await store.counts();

    console.log(`collect benchmark: ${scrapes} scrapes of about ${farmers.toLocaleString('en-US')} farmers (${Math.round(observations / scrapes).toLocaleString('en-US')} on average, ${(bodyBytes / (scrapes - 1) / 1e6).toFixed(2)} MB of JSON each)`);
    console.log(`  cold first scrape (every address new):       ${ms(cold)}`);
    console.log(`  steady-state ingest, parse+validate+store:    median ${ms(median(ingest))}  (p90 ${ms(percentile(ingest, 0.9))}, target ≤ 25 ms)`);
    console.log(`    CPU time of the same calls:                 median ${ms(median(ingestCpu))}  (load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
    console.log(`    of which JSON.parse ${ms(median(parse))} · validate ${ms(median(validate))} · store ${ms(median(append))} (medians)`);
    console.log(`  bytes on disk per farmer observation:         ${(fileBytes / observations).toFixed(2)} B  (target ≤ 8 B; file ${(fileBytes / 1e6).toFixed(1)} MB after WAL checkpoint)`);
    console.log(`    of which snapshots ${(blobBytes / observations).toFixed(2)} B · ${counts.addresses.toLocaleString('en-US')} addresses, ${counts.scrapes} scrape-log rows`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
