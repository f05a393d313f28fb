/**
 * The scale benchmark's options, its figures (one set per farmer count) and the arithmetic that
 * turns timings into them. Pure: bench/scale.ts measures.
 */
import { parseArgs } from 'node:util';
import { originalDayOf1000S, originalRebuildMobsPerS, originalUpdateMs } from './original-figures.js';
import { BenchUsageError } from './runner.js';
import type { Figure } from './targets.js';

export const DATA_KINDS = ['steady', 'churn'] as const;
/** steady: the simulator (about 350 of 25,000 heights change per scrape); churn: every height changes. */
export type DataKind = (typeof DATA_KINDS)[number];

export const DEFAULT_SIZES = [25_000, 100_000, 250_000] as const;
/** Issue 14: per-farmer cost at 250k within 1.3× of 25k, full churn within 1.5× of steady, ≥ 3M obs/s, ≤ 1 GB. */
const PER_FARMER_TARGET = 1.3;
const CHURN_TARGET = 1.5;
const REBUILD_TARGET_MOBS = 3;
const PEAK_RSS_TARGET_MB = 1000;
/** Issue 14: a year of 25,000 farmers every 5 minutes in ≤ 1.5 GB. */
const YEAR_TARGET_GB = 1.5;
/**
 * The rebuild is timed on a history of its own at the largest count: 6 hours (72 scrapes) from
 * 21:00 UTC, written once before the runs straight from the model. A rebuild runs on weeks of
 * history, where writing every address's row once is a small part; on the few scrapes the fed
 * stores hold it was most of the time. Crossing midnight, the history also completes a day (a
 * summary per address and a day-end checkpoint): once per 72 scrapes instead of once per 288, so
 * the figure errs low.
 */
export const REBUILD_HISTORY_SCRAPES = 72;
export const REBUILD_HISTORY_HOURS_BEFORE_MIDNIGHT = 3;
/** The disk figures are stated for 25,000 farmers, whatever sizes are timed. */
export const DISK_FARMERS = 25_000;

export interface ScaleOptions {
  /** Farmer counts, ascending; per-farmer costs are relative to the first. */
  sizes: number[];
  quick: boolean;
  /** Timed scrapes per store and run (after one untimed warm-up scrape). */
  timedScrapes: number;
  /** Scrapes in the store whose bytes per observation are measured. */
  diskScrapes: number;
}

export const SCALE_HELP = `npm run bench -- scale [--sizes 25000,100000,250000] [--quick] [--runs N] [--target name=value]…

Ingest + aggregates per scrape at each farmer count, for the simulator's data (steady) and for
data where every height changes every scrape (churn); per-farmer cost relative to the smallest
count; rebuild throughput and peak RSS at the largest count (measured in child processes, one
per store and run, so memory is released between counts); bytes per observation on a day of
25,000 farmers (written once, before the runs); a day of 1,000 farmers scrape by scrape; CLI
start times. The original's figures from issue 14 are printed beside ours.

The rebuild is timed on 6 hours of the largest count (72 scrapes from 21:00 UTC, across a
midnight, so a day's summaries are written too), steady and churn, written once before the runs
straight from the model; beside it, the rebuild of a store with one scrape of that count: the
fixed cost of writing every address's row, which the throughput includes once.

  --sizes a,b,c   farmer counts (default 25000,100000,250000)
  --quick         2 timed scrapes per store and run instead of 3, and 4 hours of 25,000 farmers
                  for the disk figures instead of a day (which overstates fixed costs)

Duration on this machine's 2 shared cores, measured: --quick 7.7 minutes at load 3.6–7 (setup
3.6 minutes, 3 of them writing the rebuild's two histories of 250,000 farmers; then 55 s a run).
The full run adds a timed scrape per store and run and a day instead of 4 hours for the disk
figures: about 10 minutes at that load (18 at load 13–16, before the rebuild had histories of its
own). The 250,000-farmer scrapes dominate; --quick --sizes 25000,100000 leaves them out (the
rebuild's histories are then of 100,000 farmers) and takes under half.`;

/** `25k` for 25,000; the count itself when it is not a whole thousand. */
export const sizeLabel = (farmers: number): string => (farmers % 1000 === 0 ? `${farmers / 1000}k` : String(farmers));

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => Number(part.trim()));
  for (const [index, size] of sizes.entries()) {
    if (!Number.isInteger(size) || size < 100) throw new BenchUsageError(`--sizes ${text}: item ${index + 1} must be a whole number of at least 100 farmers`);
  }
  if (new Set(sizes).size !== sizes.length) throw new BenchUsageError(`--sizes ${text}: a farmer count appears twice`);
  return [...sizes].sort((a, b) => a - b);
}

export function parseScaleOptions(args: readonly string[]): ScaleOptions {
  const { values } = parseArgs({ args: [...args], options: { sizes: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  const sizes = values.sizes === undefined ? [...DEFAULT_SIZES] : parseSizes(values.sizes);
  return { sizes, quick: values.quick, timedScrapes: values.quick ? 2 : 3, diskScrapes: values.quick ? 48 : 288 };
}

export const scrapeFigure = (farmers: number, kind: DataKind): string => `scrape-${sizeLabel(farmers)}-${kind}-ms`;
export const perFarmerFigure = (farmers: number, base: number, kind: DataKind): string => `per-farmer-${sizeLabel(farmers)}-vs-${sizeLabel(base)}-${kind}`;
export const churnFigure = (farmers: number): string => `churn-vs-steady-${sizeLabel(farmers)}`;
export const rebuildFigure = (farmers: number, kind: DataKind): string => `rebuild-${sizeLabel(farmers)}-${kind}-mobs-per-s`;
export const rebuildFixedFigure = (farmers: number): string => `rebuild-${sizeLabel(farmers)}-one-scrape-s`;
export const peakRssFigure = (farmers: number): string => `peak-rss-${sizeLabel(farmers)}-mb`;
export const bytesFigure = (kind: DataKind): string => `bytes-per-observation-${kind}`;
export const yearFigure = (kind: DataKind): string => `year-25k-${kind}-gb`;
export const DAY_OF_1000_FIGURE = 'day-1k-s';

function sizeFigures(farmers: number, base: number): Figure[] {
  const label = sizeLabel(farmers);
  const figures: Figure[] = DATA_KINDS.map((kind) => ({
    name: scrapeFigure(farmers, kind),
    label: `ingest + aggregates per scrape of ${label} farmers, ${kind} data`,
    unit: 'ms',
    better: 'lower',
    original: originalUpdateMs(farmers),
  }));
  if (farmers !== base) {
    for (const kind of DATA_KINDS) {
      figures.push({ name: perFarmerFigure(farmers, base, kind), label: `per-farmer cost at ${label} / at ${sizeLabel(base)}, ${kind} data`, unit: '×', better: 'lower', target: PER_FARMER_TARGET });
    }
  }
  figures.push({ name: churnFigure(farmers), label: `per-farmer cost of churn / of steady data at ${label}`, unit: '×', better: 'lower', target: CHURN_TARGET });
  return figures;
}

function largestFigures(farmers: number): Figure[] {
  const label = sizeLabel(farmers);
  return [
    ...DATA_KINDS.map((kind): Figure => ({
      name: rebuildFigure(farmers, kind),
      label: `rebuild of 6 hours of ${label} farmers (${REBUILD_HISTORY_SCRAPES} scrapes across a midnight), ${kind} data`,
      unit: 'M obs/s',
      better: 'higher',
      target: REBUILD_TARGET_MOBS,
      original: originalRebuildMobsPerS(),
    })),
    { name: rebuildFixedFigure(farmers), label: `rebuild of one scrape of ${label} farmers: the fixed cost (every address's row written once)`, unit: 's', better: 'lower' },
    { name: peakRssFigure(farmers), label: `peak RSS of the processes that ingest, aggregate and rebuild ${label} farmers`, unit: 'MB', better: 'lower', target: PEAK_RSS_TARGET_MB },
  ];
}

const diskFigures = (): Figure[] =>
  DATA_KINDS.flatMap((kind): Figure[] => [
    { name: bytesFigure(kind), label: `bytes on disk (WAL checkpointed) per observation, 25k farmers, ${kind} data`, unit: 'B', better: 'lower' },
    { name: yearFigure(kind), label: `a year of 25k farmers every 5 minutes, from the day's growth, ${kind} data`, unit: 'GB', better: 'lower', target: YEAR_TARGET_GB },
  ]);

/** Every figure for these sizes; `cliFigures` are the CLI start bench's, measured as it does. */
export function scaleFigures(sizes: readonly number[], cliFigures: readonly Figure[]): Figure[] {
  const base = sizes[0]!;
  return [
    ...sizes.flatMap((farmers) => sizeFigures(farmers, base)),
    ...largestFigures(sizes[sizes.length - 1]!),
    ...diskFigures(),
    { name: DAY_OF_1000_FIGURE, label: 'a day (288 scrapes) of 1,000 farmers, each ingested and aggregated', unit: 's', better: 'lower', original: originalDayOf1000S() },
    ...cliFigures,
  ];
}

/** How much more a farmer costs at one size than at the base size: 1 is linear. */
export function perFarmerRatio(at: { ms: number; farmers: number }, base: { ms: number; farmers: number }): number {
  if (!(at.farmers > 0 && base.farmers > 0 && base.ms > 0)) throw new RangeError('per-farmer cost needs farmers on both sides and a base time above 0');
  return at.ms / at.farmers / (base.ms / base.farmers);
}

/**
 * A year's bytes from a day's store: its size after the first scrape (the address dictionary,
 * the schema) plus the bytes each later observation added, times a year of observations.
 */
export function yearBytes(day: { firstBytes: number; firstObservations: number; bytes: number; observations: number }, yearObservations: number): number {
  const later = day.observations - day.firstObservations;
  if (!(later > 0)) throw new RangeError('a year estimate needs observations after the first scrape');
  return day.firstBytes + ((day.bytes - day.firstBytes) / later) * (yearObservations - day.firstObservations);
}
