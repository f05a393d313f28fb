/**
 * `npm run bench -- scale [--sizes 25000,100000,250000] [--quick] [--runs N] [--target name=value]`
 * (the options and the run's duration: SCALE_HELP in bench/scale-figures.ts)
 *
 * Issue 14's scale benchmark. Per farmer count, two stores start from the same cold first scrape
 * and are fed, each run, one untimed warm-up scrape and a few timed ones through the real ingest
 * path and the aggregation job: the simulator's scrapes (steady) and full-churn scrapes
 * (bench/full-churn.ts). At the largest count each run then rebuilds two histories of 6 hours,
 * steady and churn, written once before the runs straight from the model, and a store of one
 * scrape (the rebuild's fixed cost). Every store is
 * worked on in a child process of its own (bench/scale-child.ts): memory is released between
 * counts and the child's peak RSS is the store's work alone. The scrapes are made here and
 * handed over as files. Bytes per observation come from a day of 25,000 farmers written once,
 * before the runs (a file size does not vary between runs); the CLI start times are measured as
 * bench/cli-start.ts measures them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ScrapeBodies } from '../main/collector/ingest.js';
import { SimulatedNetwork, type NetworkState } from '../main/simulator/network-model.js';
import { closeDatabase } from '../main/store/sqlite/close-database.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import { benchmark as cliStart } from './cli-start.js';
import { FullChurnNetwork } from './full-churn.js';
import type { Benchmark, BenchmarkSession } from './runner.js';
import { writeBodies } from './scale-bodies.js';
import { runChild } from './scale-children.js';
import {
  bytesFigure,
  churnFigure,
  DATA_KINDS,
  DAY_OF_1000_FIGURE,
  DEFAULT_SIZES,
  DISK_FARMERS,
  parseScaleOptions,
  peakRssFigure,
  perFarmerFigure,
  perFarmerRatio,
  REBUILD_HISTORY_HOURS_BEFORE_MIDNIGHT,
  REBUILD_HISTORY_SCRAPES,
  rebuildFigure,
  rebuildFixedFigure,
  SCALE_HELP,
  scaleFigures,
  scrapeFigure,
  sizeLabel,
  yearBytes,
  yearFigure,
  type DataKind,
  type ScaleOptions,
} from './scale-figures.js';
import { MS_PER_HOUR } from '../shared/defaults.js';
import { BENCH_START, bodiesOf, SCRAPE_MS, ScrapeFeeder } from './scrape-feeder.js';
import { median } from './targets.js';

const SCRAPES_PER_DAY = 288;
const MB = 1e6;
const KIB = 1024;

/** One farmer count: its two stores, the networks that make their scrapes, the next scrape's index. */
class SizeStores {
  private readonly simulated: SimulatedNetwork;
  private readonly churn: FullChurnNetwork;
  private next = 0;

  constructor(
    readonly farmers: number,
    private readonly dir: string,
  ) {
    this.simulated = new SimulatedNetwork({ farmers, seed: 'scale' });
    this.churn = new FullChurnNetwork(this.simulated.stateAt(BENCH_START));
  }

  file(kind: DataKind): string {
    return join(this.dir, `${kind}.db`);
  }

  private stateAt(kind: DataKind, index: number): NetworkState {
    const time = BENCH_START + index * SCRAPE_MS;
    return kind === 'steady' ? this.simulated.stateAt(time) : this.churn.stateAt(index, time);
  }

  /** The cold first scrape, the same for both kinds (scrape 0 of full churn is the simulator's). */
  async create(): Promise<void> {
    const bodiesDir = this.bodiesDir('steady');
    writeBodies(bodiesDir, 0, bodiesOf(this.stateAt('steady', 0)));
    await runChild({ mode: 'feed', file: this.file('steady'), bodiesDir, first: 0, count: 1, warmup: 1 });
    rmSync(bodiesDir, { recursive: true, force: true });
    copyFileSync(this.file('steady'), this.file('churn'));
    this.next = 1;
  }

  private bodiesDir(kind: DataKind): string {
    const dir = join(this.dir, `${kind}-bodies`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** One warm-up and `timed` timed scrapes into the kind's store: their median ms and mean farmer count. */
  async feed(kind: DataKind, timed: number): Promise<{ ms: number; farmers: number; maxRssKib: number }> {
    const bodiesDir = this.bodiesDir(kind);
    let farmers = 0;
    for (let index = this.next; index <= this.next + timed; index++) {
      const state = this.stateAt(kind, index);
      if (index > this.next) farmers += state.farmers.length;
      writeBodies(bodiesDir, index, bodiesOf(state));
    }
    try {
      const answer = await runChild({ mode: 'feed', file: this.file(kind), bodiesDir, first: this.next, count: timed + 1, warmup: 1 });
      return { ms: median(answer.scrapeMs), farmers: farmers / timed, maxRssKib: answer.maxRssKib };
    } finally {
      rmSync(bodiesDir, { recursive: true, force: true });
    }
  }

  /** After both kinds are fed: both stores hold the same scrape indices. */
  advance(timed: number): void {
    this.next += timed + 1;
  }
}

/** Bytes per observation and a year's estimate, from a day of 25,000 farmers per kind. */
async function measureDisk(dir: string, scrapes: number): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const kind of DATA_KINDS) {
    const day = await runChild({ mode: 'disk', file: join(dir, `disk-${kind}.db`), kind, farmers: DISK_FARMERS, scrapes });
    rmSync(join(dir, `disk-${kind}.db`), { force: true });
    const yearObservations = (day.observations / scrapes) * SCRAPES_PER_DAY * 365;
    figures[bytesFigure(kind)] = day.bytes / day.observations;
    figures[yearFigure(kind)] = yearBytes(day, yearObservations) / 1e9;
  }
  return figures;
}

/** A day of 1,000 farmers ingested and aggregated scrape by scrape into a new store, in seconds. */
async function timeDayOf1000(dir: string, bodies: readonly ScrapeBodies[]): Promise<number> {
  const file = join(dir, 'day-1k.db');
  const db = openDatabase(file);
  try {
    const feeder = new ScrapeFeeder(new SqliteRawStore(db), db, (time) => bodies[Math.round((time - BENCH_START) / SCRAPE_MS)]!, BENCH_START);
    const started = performance.now();
    for (let i = 0; i < bodies.length; i++) await feeder.scrape();
    return (performance.now() - started) / 1000;
  } finally {
    closeDatabase(db);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}

/** Each size's stores fed in turn, steady then churn, so a busy machine slows both alike. */
async function measureSizes(sizes: readonly SizeStores[], options: ScaleOptions): Promise<{ figures: Record<string, number>; largestRssKib: number }> {
  const figures: Record<string, number> = {};
  const perFarmer = new Map<string, { ms: number; farmers: number }>();
  let largestRssKib = 0;
  const base = sizes[0]!.farmers;
  const largest = sizes[sizes.length - 1]!.farmers;
  for (const size of sizes) {
    const fed = { steady: await size.feed('steady', options.timedScrapes), churn: await size.feed('churn', options.timedScrapes) };
    size.advance(options.timedScrapes);
    for (const kind of DATA_KINDS) {
      figures[scrapeFigure(size.farmers, kind)] = fed[kind].ms;
      perFarmer.set(`${size.farmers} ${kind}`, fed[kind]);
      if (size.farmers !== base) figures[perFarmerFigure(size.farmers, base, kind)] = perFarmerRatio(fed[kind], perFarmer.get(`${base} ${kind}`)!);
      if (size.farmers === largest) largestRssKib = Math.max(largestRssKib, fed[kind].maxRssKib);
    }
    figures[churnFigure(size.farmers)] = perFarmerRatio(fed.churn, fed.steady);
  }
  return { figures, largestRssKib };
}

/** The stores the rebuild figures are measured on, at the largest count. */
interface RebuildStores {
  farmers: number;
  histories: Record<DataKind, string>;
  oneScrape: string;
}

/** Written once, before the runs: a rebuild leaves its raw history as it found it. */
async function writeRebuildStores(dir: string, farmers: number): Promise<RebuildStores> {
  const start = BENCH_START - REBUILD_HISTORY_HOURS_BEFORE_MIDNIGHT * MS_PER_HOUR;
  const histories = { steady: join(dir, 'history-steady.db'), churn: join(dir, 'history-churn.db') };
  for (const kind of DATA_KINDS) await runChild({ mode: 'history', file: histories[kind], kind, farmers, scrapes: REBUILD_HISTORY_SCRAPES, start });
  const oneScrape = join(dir, 'history-one-scrape.db');
  await runChild({ mode: 'history', file: oneScrape, kind: 'steady', farmers, scrapes: 1, start });
  return { farmers, histories, oneScrape };
}

async function measureRebuilds(stores: RebuildStores): Promise<{ figures: Record<string, number>; maxRssKib: number }> {
  const figures: Record<string, number> = {};
  let maxRssKib = 0;
  for (const kind of DATA_KINDS) {
    const rebuilt = await runChild({ mode: 'rebuild', file: stores.histories[kind] });
    figures[rebuildFigure(stores.farmers, kind)] = rebuilt.observations / rebuilt.seconds / 1e6;
    maxRssKib = Math.max(maxRssKib, rebuilt.maxRssKib);
  }
  const fixed = await runChild({ mode: 'rebuild', file: stores.oneScrape });
  figures[rebuildFixedFigure(stores.farmers)] = fixed.seconds;
  return { figures, maxRssKib: Math.max(maxRssKib, fixed.maxRssKib) };
}

async function createSizes(dir: string, options: ScaleOptions): Promise<SizeStores[]> {
  const sizes: SizeStores[] = [];
  for (const farmers of options.sizes) {
    const started = performance.now();
    const sizeDir = join(dir, sizeLabel(farmers));
    mkdirSync(sizeDir);
    const size = new SizeStores(farmers, sizeDir);
    await size.create();
    sizes.push(size);
    console.log(`setup: ${sizeLabel(farmers)} farmers, network and cold first scrape in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return sizes;
}

async function open(args: string[]): Promise<BenchmarkSession> {
  const options = parseScaleOptions(args);
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-scale-'));
  const cli = await cliStart.open([]);
  try {
    let started = performance.now();
    const disk = await measureDisk(dir, options.diskScrapes);
    console.log(`setup: ${options.diskScrapes} scrapes of ${sizeLabel(DISK_FARMERS)} farmers per kind for the disk figures in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const small = new SimulatedNetwork({ farmers: 1000, seed: 'scale' });
    const day = Array.from({ length: SCRAPES_PER_DAY }, (_, i) => bodiesOf(small.stateAt(BENCH_START + i * SCRAPE_MS)));
    const sizes = await createSizes(dir, options);
    console.log(`each run: ${options.timedScrapes} timed scrapes per store after a warm-up, at ${options.sizes.map(sizeLabel).join(', ')} farmers (temp dir ${dir})`);
    const largest = sizes[sizes.length - 1]!;
    started = performance.now();
    const rebuildStores = await writeRebuildStores(dir, largest.farmers);
    console.log(
      `setup: ${REBUILD_HISTORY_SCRAPES} scrapes of ${sizeLabel(largest.farmers)} farmers per kind and one more store of one scrape, to rebuild, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return {
      async run() {
        const fed = await measureSizes(sizes, options);
        const rebuilt = await measureRebuilds(rebuildStores);
        return {
          ...fed.figures,
          ...rebuilt.figures,
          [peakRssFigure(largest.farmers)]: (Math.max(fed.largestRssKib, rebuilt.maxRssKib) * KIB) / MB,
          ...disk,
          [DAY_OF_1000_FIGURE]: await timeDayOf1000(dir, day),
          ...(await cli.run()),
        };
      },
      async close() {
        await cli.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await cli.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export const benchmark: Benchmark = {
  title: 'scale benchmark',
  figures: scaleFigures(DEFAULT_SIZES, cliStart.figures),
  figuresFor: (args) => scaleFigures(parseScaleOptions(args).sizes, cliStart.figures),
  help: SCALE_HELP,
  open,
};
