/**
 * A child process of the scale benchmark: does one request (bench/scale-protocol.ts) on one store
 * and sends the answer with its peak RSS. Started by bench/scale-children.ts.
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AggregationJob } from '../main/jobs/run-aggregation.js';
import { ListedFarmers, SimulatedNetwork, type NetworkState } from '../main/simulator/network-model.js';
import { closeDatabase } from '../main/store/sqlite/close-database.js';
import { openDatabase, type SqliteDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import { FullChurnNetwork } from './full-churn.js';
import { readBodies } from './scale-bodies.js';
import type {
  ChildMessage,
  DiskAnswer,
  DiskRequest,
  FeedAnswer,
  FeedRequest,
  HistoryAnswer,
  HistoryRequest,
  RebuildAnswer,
  RebuildRequest,
  ScaleRequest,
} from './scale-protocol.js';
import { appendState, BENCH_START, SCRAPE_MS, ScrapeFeeder } from './scrape-feeder.js';

const peak = (): number => process.resourceUsage().maxRSS;

async function feed(request: FeedRequest): Promise<FeedAnswer> {
  const db = openDatabase(request.file);
  try {
    const store = new SqliteRawStore(db);
    const indexOf = (time: number): number => Math.round((time - BENCH_START) / SCRAPE_MS);
    const feeder = new ScrapeFeeder(store, db, (time) => readBodies(request.bodiesDir, indexOf(time)), BENCH_START + request.first * SCRAPE_MS);
    const scrapeMs: number[] = [];
    for (let i = 0; i < request.count; i++) {
      const timing = await feeder.scrape();
      if (i >= request.warmup) scrapeMs.push(timing.ingest + timing.aggregate);
    }
    return { scrapeMs, maxRssKib: peak() };
  } finally {
    closeDatabase(db);
  }
}

function steadyState(simulated: SimulatedNetwork, listed: ListedFarmers, time: number): NetworkState {
  const builder = simulated.stateBuilder(time, listed);
  builder.addSlots(simulated.slots);
  return builder.finish();
}

/**
 * A history written as the demo backfill writes one: each state straight from the model into the
 * raw store. Steady states are built for a consumer that stores them all (ListedFarmers), so those
 * without a new farmer skip the server's sort, which decides only the ids of new addresses.
 */
function history(request: HistoryRequest): HistoryAnswer {
  const simulated = new SimulatedNetwork({ farmers: request.farmers, seed: 'scale' });
  const listed = new ListedFarmers(simulated.slots);
  const churn = request.kind === 'churn' ? new FullChurnNetwork(simulated.stateAt(request.start)) : null;
  const db = openDatabase(request.file);
  try {
    const store = new SqliteRawStore(db);
    let observations = 0;
    for (let index = 0; index < request.scrapes; index++) {
      const time = request.start + index * SCRAPE_MS;
      const state = churn === null ? steadyState(simulated, listed, time) : churn.stateAt(index, time);
      appendState(store, state);
      observations += state.farmers.length;
    }
    return { observations, maxRssKib: peak() };
  } finally {
    closeDatabase(db);
  }
}

async function rebuild(request: RebuildRequest): Promise<RebuildAnswer> {
  const db = openDatabase(request.file);
  try {
    const started = performance.now();
    const result = await new AggregationJob(db, new SqliteRawStore(db), () => undefined).run({ rebuild: true });
    return { observations: result.observations, seconds: (performance.now() - started) / 1000, maxRssKib: peak() };
  } finally {
    closeDatabase(db);
  }
}

/** Database plus WAL, after moving the WAL into the database. */
function bytesOnDisk(db: SqliteDatabase, file: string): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  let wal = 0;
  try {
    wal = statSync(`${file}-wal`).size;
  } catch {
    // No WAL file: nothing to add.
  }
  return statSync(file).size + wal;
}

async function disk(request: DiskRequest): Promise<DiskAnswer> {
  // The first scrape falls on the day before the others, so the bytes they add include a day's
  // new daily rows; the first day's rows are in the first scrape's size.
  const firstTime = BENCH_START - SCRAPE_MS;
  const simulated = new SimulatedNetwork({ farmers: request.farmers, seed: 'scale' });
  const churn = request.kind === 'churn' ? new FullChurnNetwork(simulated.stateAt(firstTime)) : null;
  const db = openDatabase(request.file);
  try {
    const store = new SqliteRawStore(db);
    const job = new AggregationJob(db, store, () => undefined);
    let observations = 0;
    let first = { bytes: 0, observations: 0 };
    for (let index = 0; index < request.scrapes; index++) {
      const time = firstTime + index * SCRAPE_MS;
      const state = churn === null ? simulated.stateAt(time) : churn.stateAt(index, time);
      appendState(store, state);
      await job.run();
      observations += state.farmers.length;
      if (index === 0) first = { bytes: bytesOnDisk(db, request.file), observations };
    }
    return { firstBytes: first.bytes, firstObservations: first.observations, bytes: bytesOnDisk(db, request.file), observations, maxRssKib: peak() };
  } finally {
    closeDatabase(db);
  }
}

async function answer(request: ScaleRequest): Promise<FeedAnswer | HistoryAnswer | RebuildAnswer | DiskAnswer> {
  switch (request.mode) {
    case 'feed':
      return feed(request);
    case 'history':
      return history(request);
    case 'rebuild':
      return rebuild(request);
    case 'disk':
      return disk(request);
  }
}

const send = (message: ChildMessage<unknown>): Promise<void> =>
  new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error === null ? resolve() : reject(error))));

const request = JSON.parse(process.argv[2] ?? 'null') as ScaleRequest;
try {
  await send({ ok: true, answer: await answer(request) });
} catch (error) {
  await send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
process.disconnect();
