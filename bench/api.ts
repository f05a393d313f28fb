/**
 * `npm run bench -- api [--addresses N] [--days N] [--duration S] [--runs N] [--connections N] [--data DIR]`
 *   (`--runs 0` only builds the store)
 *
 * Load on the local API over loopback with autocannon, the server in its own thread started as
 * `headless` starts it. The store holds `--addresses` farmers × `--days` days of daily summaries:
 * a year of 5-minute scrape-log rows with totals folded by the real aggregation job, one real
 * scrape of every farmer through the ingest path (registering the addresses and their state),
 * then the daily summaries and daily totals written straight into agg_daily_summaries /
 * agg_daily_totals (plausible values, points by the points formula). The store is kept in --data
 * (default .data/bench-api) and reused when its parameters match.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { ingestScrape } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { MS_PER_DAY } from '../shared/defaults.js';
import { dayPoints } from '../shared/formulas.js';
import { runAggregation } from '../test/support/run-aggregation.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../main/simulator/server.js';
import { databaseFile } from '../main/store/data-dir.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2025, 0, 1);

interface Options {
  addresses: number;
  days: number;
  duration: number;
  runs: number;
  connections: number;
  dataDir: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Builds the store described above unless one with the same parameters is already there. */
async function prepareStore(options: Options): Promise<void> {
  const marker = join(options.dataDir, 'bench-api.json');
  const parameters = JSON.stringify({ addresses: options.addresses, days: options.days, version: 2 });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === parameters) {
    console.log(`store: reusing ${options.dataDir} (${options.addresses} addresses × ${options.days} days)`);
    return;
  }
  rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  const started = performance.now();
  const db = openDatabase(databaseFile(options.dataDir));
  const store = new SqliteRawStore(db);
  const end = START + options.days * MS_PER_DAY;

  const insertScrape = db.prepare(
    `INSERT INTO scrapes (time, source, ok, duration_ms, farmers, total_id, total_tb, total_farmers, has_snapshot)
     VALUES (?, 'collector', 1, 100, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let time = START; time < end; time += SCRAPE_MS) {
      const farmers = Math.round(options.addresses * (0.9 + 0.1 * Math.sin(time / 150_000_000)));
      insertScrape.run(time, farmers, Math.floor(time / 1_800_000), Math.round(farmers * 2.1 * 100) / 100, farmers);
    }
  })();
  // One real scrape of the whole network: its addresses, heights and payouts enter the store and the fold.
  const network = new SimulatedNetwork({ farmers: options.addresses, seed: 'bench-api' });
  const state = network.stateAt(end);
  await ingestScrape(store, { online: renderOnline(state), total: renderTotal(state) }, end, { validator: new PayloadValidator() });
  await runAggregation(db, store);

  // Summaries for the farmers (their payout pools are addresses too, but never farm).
  const idOf = db.prepare<[string], [number]>('SELECT id FROM addresses WHERE address = ?').raw();
  const ids = state.farmers.map((farmer) => idOf.get(farmer.btc_addr)![0]).sort((a, b) => a - b);
  const insertSummary = db.prepare(
    'INSERT INTO agg_daily_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTotal = db.prepare('INSERT INTO agg_daily_totals (day, total_points, addresses) VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE SET total_points = excluded.total_points, addresses = excluded.addresses');
  const firstDay = START / MS_PER_DAY;
  const totals = new Float64Array(options.days);
  db.transaction(() => {
    // Address-major order follows the table's primary key: 9 million rows go in quickly.
    for (const id of ids) {
      for (let offset = 0; offset < options.days; offset++) {
        const height = 1000 + ((id * 7919 + offset) % 150_000);
        const durationMs = 86_100_000;
        const uptimeMs = durationMs - ((id * 31 + offset) % 100) * SCRAPE_MS;
        const points = dayPoints(height, uptimeMs, durationMs);
        totals[offset]! += points;
        insertSummary.run(id, firstDay + offset, id, uptimeMs, durationMs, height, points);
      }
    }
    for (let offset = 0; offset < options.days; offset++) insertTotal.run(firstDay + offset, totals[offset]!, ids.length);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeFileSync(marker, parameters);
  console.log(
    `store: built in ${((performance.now() - started) / 1000).toFixed(1)} s in ${options.dataDir}: ${options.days * 288} scrape-log rows with totals ` +
      `folded by the aggregation job, one real scrape of ${state.farmers.length} farmers, ${ids.length} × ${options.days} daily summaries written straight into agg_daily_summaries`,
  );
}

function startServer(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL('./api-server-process.ts', import.meta.url)), [dataDir], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolveStart, rejectStart) => {
    child.once('error', rejectStart);
    child.once('exit', (code) => rejectStart(new Error(`the API process exited with code ${code}`)));
    child.once('message', (message) => {
      resolveStart({
        url: (message as { url: string }).url,
        stop: () =>
          new Promise<void>((resolveStop) => {
            child.removeAllListeners('exit');
            child.once('exit', () => resolveStop());
            child.send('stop');
          }),
      });
    });
  });
}

function describeRun(result: Result): string {
  const failures = result.errors + result.timeouts + result.non2xx;
  return `${Math.round(result.requests.average).toLocaleString('en-US')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${failures > 0 ? `, ${failures} failed` : ''}`;
}

async function load(name: string, url: string, options: Options, request: NonNullable<Parameters<typeof autocannon>[0]['requests']>[number], target: string): Promise<void> {
  const results: Result[] = [];
  for (let run = 0; run < options.runs; run++) {
    const result = await autocannon({ url, connections: options.connections, duration: options.duration, requests: [request] });
    results.push(result);
    console.log(`  run ${run + 1}: ${describeRun(result)}`);
  }
  const rate = median(results.map((result) => result.requests.average));
  const p50 = median(results.map((result) => result.latency.p50));
  const p99 = median(results.map((result) => result.latency.p99));
  console.log(`  ${name} median: ${Math.round(rate).toLocaleString('en-US')} req/s, p50 ${p50} ms, p99 ${p99} ms (${target})`);
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      addresses: { type: 'string', default: '25000' },
      days: { type: 'string', default: '365' },
      duration: { type: 'string', default: '10' },
      runs: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      data: { type: 'string', default: resolve('.data/bench-api') },
    },
  });
  const options: Options = {
    addresses: Number(values.addresses),
    days: Number(values.days),
    duration: Number(values.duration),
    runs: Number(values.runs),
    connections: Number(values.connections),
    dataDir: resolve(values.data),
  };
  console.log(
    `api benchmark: ${options.connections} connections, ${options.runs} runs × ${options.duration} s per route, autocannon on 127.0.0.1 ` +
      `(server in its own process; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)} at the start)`,
  );
  await prepareStore(options);

  const db = openDatabase(databaseFile(options.dataDir), { readonly: true });
  const addresses = db
    .prepare<[], [string]>('SELECT address FROM addresses WHERE id IN (SELECT DISTINCT address_id FROM agg_daily_summaries)')
    .raw()
    .all()
    .map(([address]) => address);
  db.close();

  if (options.runs < 1) return;
  const server = await startServer(options.dataDir);
  try {
    const sample = (await (await fetch(`${server.url}/api/summary/${addresses[0]!}`)).json()) as unknown[];
    console.log(`\n/api/summary/:addr with random known addresses (${addresses.length}; ${sample.length} rows each)`);
    await load(
      '/api/summary',
      server.url,
      options,
      { method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/summary/${addresses[Math.floor(Math.random() * addresses.length)]!}` }) },
      'target ≥ 5,000 req/s, p99 ≤ 5 ms',
    );
    console.log('\n/api/v1/network (the whole year, 1000 points per series)');
    // The payload is cached until the store changes (a fold every scrape): time the computation too.
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await (await fetch(`${server.url}/api/v1/network?points=${1000 - i}`)).arrayBuffer();
      cold.push(performance.now() - started);
    }
    console.log(`  computed (not cached), median of 5: ${median(cold).toFixed(1)} ms`);
    await load('/api/v1/network', server.url, options, { method: 'GET', path: '/api/v1/network' }, 'target p99 ≤ 50 ms; served from the cache between scrapes');
  } finally {
    await server.stop();
  }
}
