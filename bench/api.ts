/**
 * `npm run bench -- api [--addresses N] [--days N] [--duration S] [--connections N] [--data DIR] [--runs N] [--target name=value]`
 *
 * Load on the local API over loopback with autocannon, the server in its own thread started as
 * `headless` starts it. The store holds `--addresses` farmers × `--days` days of daily summaries:
 * a year of 5-minute scrape-log rows with totals, then a last day of real 5-minute scrapes of every
 * farmer through the ingest path (registering the addresses and their state), all folded by the
 * real aggregation job (which writes its checkpoints), then the daily summaries and daily totals
 * written straight into agg_daily_summaries /
 * agg_daily_totals (plausible values, points by the points formula). The store is kept in --data
 * (default .data/bench-api) and reused when its parameters match. Each run loads each route for
 * `--duration` seconds.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { ingestScrape } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { CHECKPOINT_EVERY_SNAPSHOTS, MS_PER_DAY } from '../shared/defaults.js';
import { dayPoints } from '../shared/formulas.js';
import { runAggregation } from '../test/support/run-aggregation.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../main/simulator/server.js';
import { databaseFile } from '../main/store/data-dir.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import type { Benchmark, BenchmarkSession } from './runner.js';
import { median, type Figure } from './targets.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2025, 0, 1);

interface Options {
  addresses: number;
  days: number;
  duration: number;
  connections: number;
  dataDir: string;
}

const figures: Figure[] = [
  { name: 'summary-req-per-s', label: '/api/summary/:addr, random known addresses, requests per second', unit: 'req/s', better: 'higher', target: 5000 },
  { name: 'summary-p99-ms', label: '/api/summary/:addr p99 latency', unit: 'ms', better: 'lower', target: 5 },
  { name: 'network-req-per-s', label: '/api/v1/network, a year, requests per second', unit: 'req/s', better: 'higher' },
  { name: 'network-p99-ms', label: '/api/v1/network p99 latency', unit: 'ms', better: 'lower', target: 50 },
  { name: 'network-computed-ms', label: '/api/v1/network computed, not cached', unit: 'ms', better: 'lower' },
  {
    name: 'network-as-of-ms',
    label: '/api/v1/network ending just before a checkpoint is due, not cached (a checkpoint + a replay of 46 scrapes of every farmer)',
    unit: 'ms',
    better: 'lower',
  },
  { name: 'network-as-of-cached-ms', label: 'the same range asked again (figures cached per moment)', unit: 'ms', better: 'lower' },
];

/** The last day of the store is real scrapes of every farmer; the history before it totals only. */
const REAL_DAYS = 1;

/** Builds the store described above unless one with the same parameters is already there. */
async function prepareStore(options: Options): Promise<void> {
  const marker = join(options.dataDir, 'bench-api.json');
  const parameters = JSON.stringify({ addresses: options.addresses, days: options.days, version: 4 });
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
  const realFrom = end - REAL_DAYS * MS_PER_DAY;

  const insertScrape = db.prepare(
    `INSERT INTO scrapes (time, source, ok, duration_ms, farmers, total_id, total_tb, total_farmers, has_snapshot)
     VALUES (?, 'collector', 1, 100, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let time = START; time < realFrom; time += SCRAPE_MS) {
      const farmers = Math.round(options.addresses * (0.9 + 0.1 * Math.sin(time / 150_000_000)));
      insertScrape.run(time, farmers, Math.floor(time / 1_800_000), Math.round(farmers * 2.1 * 100) / 100, farmers);
    }
  })();
  // A day of real scrapes of the whole network: addresses, heights and payouts enter the store and the fold.
  const network = new SimulatedNetwork({ farmers: options.addresses, seed: 'bench-api' });
  const validator = new PayloadValidator();
  for (let time = realFrom + SCRAPE_MS; time < end; time += SCRAPE_MS) {
    const scraped = network.stateAt(time);
    await ingestScrape(store, { online: renderOnline(scraped), total: renderTotal(scraped) }, time, { validator });
  }
  const state = network.stateAt(end);
  await ingestScrape(store, { online: renderOnline(state), total: renderTotal(state) }, end, { validator });
  await runAggregation(db, store);

  // Summaries for the farmers (their payout pools are addresses too, but never farm).
  const idOf = db.prepare<[string], [number]>('SELECT id FROM addresses WHERE address = ?').raw();
  const ids = state.farmers.map((farmer) => idOf.get(farmer.btc_addr)![0]).sort((a, b) => a - b);
  const insertSummary = db.prepare(
    // OR REPLACE: the fold has already summarised the day of real scrapes; these values stand in for it like for the rest.
    'INSERT OR REPLACE INTO agg_daily_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
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
    `store: built in ${((performance.now() - started) / 1000).toFixed(1)} s in ${options.dataDir}: ${(options.days - REAL_DAYS) * 288} scrape-log rows with totals, ` +
      `then ${REAL_DAYS * 288} real scrapes of about ${state.farmers.length} farmers, folded by the aggregation job; ${ids.length} × ${options.days} daily summaries written straight into agg_daily_summaries`,
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

/**
 * Ranges ending at `moment` (plus a few seconds, so each run asks for moments not cached yet):
 * the median time to compute their figures, and to ask for the same range again.
 */
async function timeAsOf(url: string, moment: number): Promise<{ computed: number; cached: number }> {
  const computed: number[] = [];
  const cached: number[] = [];
  const salt = Math.floor(Math.random() * 50);
  for (let i = 0; i < 5; i++) {
    const path = `${url}/api/v1/network?to=${new Date(moment + (salt * 5 + i) * 1000).toISOString()}`;
    for (const times of [computed, cached]) {
      const started = performance.now();
      await (await fetch(path)).arrayBuffer();
      times.push(performance.now() - started);
    }
  }
  return { computed: median(computed), cached: median(cached) };
}

type Request = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

/** One autocannon run; failed requests void the figures (an error page is fast), so they stop the benchmark. */
async function load(route: string, url: string, options: Options, request: Request): Promise<Result> {
  const result = await autocannon({ url, connections: options.connections, duration: options.duration, requests: [request] });
  const failures = result.errors + result.timeouts + result.non2xx;
  if (failures > 0) throw new Error(`${route}: ${failures} of ${result.requests.total} requests failed (${result.timeouts} timeouts, ${result.non2xx} non-2xx answers)`);
  return result;
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      addresses: { type: 'string', default: '25000' },
      days: { type: 'string', default: '365' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      data: { type: 'string', default: resolve('.data/bench-api') },
    },
  });
  return {
    addresses: Number(values.addresses),
    days: Number(values.days),
    duration: Number(values.duration),
    connections: Number(values.connections),
    dataDir: resolve(values.data),
  };
}

async function open(args: string[]): Promise<BenchmarkSession> {
  const options = parseOptions(args);
  await prepareStore(options);
  const db = openDatabase(databaseFile(options.dataDir), { readonly: true });
  const addresses = db
    .prepare<[], [string]>('SELECT address FROM addresses WHERE id IN (SELECT DISTINCT address_id FROM agg_daily_summaries)')
    .raw()
    .all()
    .map(([address]) => address);
  db.close();
  const server = await startServer(options.dataDir);
  console.log(
    `each run: autocannon on 127.0.0.1, ${options.connections} connections, ${options.duration} s per route; /api/summary/:addr over ` +
      `${addresses.length} known addresses, /api/v1/network with the whole year (server in its own process)`,
  );
  return {
    async run() {
      const summary = await load('/api/summary/:addr', server.url, options, {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: `/api/summary/${addresses[Math.floor(Math.random() * addresses.length)]!}` }),
      });
      // The payload is cached until the store changes (a fold every scrape): time the computation too.
      const cold: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await (await fetch(`${server.url}/api/v1/network?points=${1000 - i}`)).arrayBuffer();
        cold.push(performance.now() - started);
      }
      const network = await load('/api/v1/network', server.url, options, { method: 'GET', path: '/api/v1/network' });
      // The fold checkpoints every CHECKPOINT_EVERY_SNAPSHOTS scrapes of the last day, one of them at its middle.
      const asOf = await timeAsOf(server.url, START + options.days * MS_PER_DAY - MS_PER_DAY / 2 + (CHECKPOINT_EVERY_SNAPSHOTS - 2) * SCRAPE_MS);
      return {
        'summary-req-per-s': summary.requests.average,
        'summary-p99-ms': summary.latency.p99,
        'network-req-per-s': network.requests.average,
        'network-p99-ms': network.latency.p99,
        'network-computed-ms': median(cold),
        'network-as-of-ms': asOf.computed,
        'network-as-of-cached-ms': asOf.cached,
      };
    },
    close: () => server.stop(),
  };
}

export const benchmark: Benchmark = { title: 'api benchmark', figures, open };
