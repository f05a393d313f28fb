/**
 * `npm run bench -- aggregate [--farmers N] [--iterations N] [--rebuild-days N] [--year-days N]`
 *
 * 1. ingest + all aggregates for one scrape, steady state, on an empty store and on a store
 *    holding a year of history (ingest = the collector's real path, `ingestScrape`);
 * 2. full rebuild of `--rebuild-days` of 5-minute scrapes, in observations per second;
 * 3. dashboard payload and address summary with a year of history.
 * The year is written straight into the tables (see `writeYear`); every timed ingest is real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ingestScrape, type ScrapeBodies } from '../main/collector/ingest.js';
import { PayloadValidator } from '../main/collector/validate-payload.js';
import { MS_PER_DAY, dayPoints } from '../main/jobs/formulas.js';
import { AggregationJob, runAggregation } from '../main/jobs/run-aggregation.js';
import { addressSummary, networkPayload } from '../main/queries/index.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';
import { openDatabase, type SqliteDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';

const SCRAPE_MS = 300_000;
const START = Date.UTC(2026, 0, 1);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number): string => `${value.toFixed(2)} ms`;

interface Options {
  farmers: number;
  iterations: number;
  rebuildDays: number;
  yearDays: number;
}

function bodiesAt(network: SimulatedNetwork, time: number): ScrapeBodies {
  const state = network.stateAt(time);
  return { online: JSON.stringify({ farmers: state.farmers }), total: JSON.stringify(state.total) };
}

/** Times `iterations` scrapes through the real ingest path followed by the aggregation job. */
async function steadyState(db: SqliteDatabase, store: SqliteRawStore, network: SimulatedNetwork, from: number, iterations: number) {
  const validator = new PayloadValidator();
  // The worker keeps one job (and its in-memory fold) for its lifetime.
  const job = new AggregationJob(db, store);
  const ingest: number[] = [];
  const aggregate: number[] = [];
  const total: number[] = [];
  const warmup = 3;
  for (let i = 0; i < warmup + iterations; i++) {
    const time = from + i * SCRAPE_MS;
    const bodies = bodiesAt(network, time);
    const started = performance.now();
    await ingestScrape(store, bodies, time, { validator });
    const ingested = performance.now();
    await job.run();
    const done = performance.now();
    if (i < warmup) continue;
    ingest.push(ingested - started);
    aggregate.push(done - ingested);
    total.push(done - started);
  }
  return { ingest: median(ingest), aggregate: median(aggregate), total: median(total), next: from + (warmup + iterations) * SCRAPE_MS };
}

/**
 * A year of history written straight into the tables: one scrape-log row with totals per 5
 * minutes (snapshots of old days pruned, as retention does), folded by the real job; then one
 * real scrape registers the farmers, and their daily summaries for every day of the year are
 * inserted directly into agg_daily_summaries with plausible values (computed with the §3 formula).
 */
async function writeYear(db: SqliteDatabase, store: SqliteRawStore, network: SimulatedNetwork, options: Options): Promise<number> {
  const scrapes = options.yearDays * 288;
  const end = START + options.yearDays * MS_PER_DAY;
  const insert = db.prepare(
    `INSERT INTO scrapes (time, source, ok, duration_ms, farmers, total_id, total_tb, total_farmers, has_snapshot)
     VALUES (?, 'collector', 1, 100, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < scrapes; i++) {
      const time = START + i * SCRAPE_MS;
      const farmers = Math.round(options.farmers * (0.9 + 0.1 * Math.sin(i / 500)));
      insert.run(time, farmers, Math.floor(time / 1_800_000), Math.round(farmers * 2.1 * 100) / 100, farmers);
    }
  })();
  await ingestScrape(store, bodiesAt(network, end), end, { validator: new PayloadValidator() });
  await runAggregation(db, store);
  const ids = db.prepare<[], { id: number }>('SELECT id FROM addresses').all().map((row) => row.id);
  const insertSummary = db.prepare(
    'INSERT INTO agg_daily_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTotal = db.prepare('INSERT INTO agg_daily_totals (day, total_points, addresses) VALUES (?, ?, ?)');
  const firstDay = START / MS_PER_DAY;
  db.transaction(() => {
    for (let day = firstDay; day < firstDay + options.yearDays; day++) {
      let totalPoints = 0;
      for (const id of ids) {
        const height = 1000 + ((id * 7919 + day) % 150_000);
        const durationMs = 86_100_000;
        const uptimeMs = durationMs - ((id * 31 + day) % 100) * SCRAPE_MS;
        const points = dayPoints(height, uptimeMs, durationMs);
        totalPoints += points;
        insertSummary.run(id, day, id, uptimeMs, durationMs, height, points);
      }
      insertTotal.run(day, totalPoints, ids.length);
    }
  })();
  return end + SCRAPE_MS;
}

async function rebuild(dir: string, options: Options): Promise<void> {
  const db = openDatabase(join(dir, 'rebuild.db'));
  const store = new SqliteRawStore(db);
  const network = new SimulatedNetwork({ farmers: options.farmers, seed: 7 });
  const scrapes = options.rebuildDays * 288;
  const started = performance.now();
  for (let i = 0; i < scrapes; i++) {
    const state = network.stateAt(START + i * SCRAPE_MS);
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
  console.log(`  setup: ${scrapes} scrapes stored with appendScrapeSync in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const rebuildStarted = performance.now();
  const result = await runAggregation(db, store, { rebuild: true });
  const seconds = (performance.now() - rebuildStarted) / 1000;
  console.log(
    `  full rebuild: ${result.records} scrapes, ${(result.observations / 1e6).toFixed(1)}M observations in ${seconds.toFixed(2)} s = ` +
      `${(result.observations / seconds / 1e6).toFixed(2)}M observations/s (target ≥ 2M/s)`,
  );
  db.close();
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      farmers: { type: 'string', default: '25000' },
      iterations: { type: 'string', default: '30' },
      'rebuild-days': { type: 'string', default: '7' },
      'year-days': { type: 'string', default: '365' },
    },
  });
  const options: Options = {
    farmers: Number(values.farmers),
    iterations: Number(values.iterations),
    rebuildDays: Number(values['rebuild-days']),
    yearDays: Number(values['year-days']),
  };
  const dir = mkdtempSync(join(tmpdir(), 'driveshare-bench-aggregate-'));
  try {
    console.log(`aggregate benchmark: ${options.farmers} farmers per scrape, medians of ${options.iterations} runs (temp dir ${dir})`);

    console.log('\n1. ingest + all aggregates for one scrape, steady state');
    const emptyDb = openDatabase(join(dir, 'empty.db'));
    const emptyStore = new SqliteRawStore(emptyDb);
    const empty = await steadyState(emptyDb, emptyStore, new SimulatedNetwork({ farmers: options.farmers, seed: 3 }), START, options.iterations);
    console.log(`  empty store:   ${ms(empty.total)} (ingest ${ms(empty.ingest)} + aggregates ${ms(empty.aggregate)}; target ≤ 25 ms)`);
    emptyDb.close();

    const yearDb = openDatabase(join(dir, 'year.db'));
    const yearStore = new SqliteRawStore(yearDb);
    const network = new SimulatedNetwork({ farmers: options.farmers, seed: 3 });
    const writeStarted = performance.now();
    const from = await writeYear(yearDb, yearStore, network, options);
    const summaries = yearDb.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM agg_daily_summaries').get()!.n;
    console.log(
      `  (year written straight into the tables in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s: ` +
        `${options.yearDays * 288} scrape-log rows with totals folded by the job, ${summaries} daily summaries inserted)`,
    );
    const year = await steadyState(yearDb, yearStore, network, from, options.iterations);
    console.log(
      `  year of history: ${ms(year.total)} (ingest ${ms(year.ingest)} + aggregates ${ms(year.aggregate)}; ` +
        `${(year.total / empty.total).toFixed(2)}× the empty store, target ≤ 1.2×)`,
    );

    console.log('\n2. queries with a year of history');
    const cold: number[] = [];
    const warm: number[] = [];
    let nextTime = year.next;
    const validator = new PayloadValidator();
    for (let i = 0; i < 10; i++) {
      // A new scrape invalidates the cached farmer state: the first payload after it is "cold".
      await ingestScrape(yearStore, bodiesAt(network, nextTime), nextTime, { validator });
      nextTime += SCRAPE_MS;
      await runAggregation(yearDb, yearStore);
      let started = performance.now();
      networkPayload(yearDb);
      cold.push(performance.now() - started);
      for (let j = 0; j < 5; j++) {
        started = performance.now();
        networkPayload(yearDb);
        warm.push(performance.now() - started);
      }
    }
    const payload = networkPayload(yearDb);
    console.log(
      `  dashboard payload (${options.yearDays * 288 + 3 + 2 * options.iterations}+ scrapes, ${payload.storage.length} points per series): ` +
        `${ms(median(warm))} median, ${ms(median(cold))} right after a new scrape (target ≤ 50 ms)`,
    );
    const addresses = yearDb.prepare<[], { address: string }>('SELECT address FROM addresses ORDER BY random() LIMIT 1000').all();
    const summaryTimes: number[] = [];
    let rows = 0;
    for (const { address } of addresses) {
      const started = performance.now();
      rows += addressSummary(yearDb, address).length;
      summaryTimes.push(performance.now() - started);
    }
    console.log(
      `  address summary (${addresses.length} random addresses, ${(rows / addresses.length).toFixed(1)} rows each): ${ms(median(summaryTimes))} median (target ≤ 1 ms)`,
    );
    yearDb.close();

    console.log(`\n3. full rebuild of ${options.rebuildDays} days × ${options.farmers} farmers`);
    await rebuild(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
