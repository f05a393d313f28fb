/**
 * The figures a benchmark measures and the targets it states for them, and the verdict on a set
 * of runs. Pure: the runner (bench/runner.ts) does the timing, the printing and the exit status.
 */

export type Better = 'lower' | 'higher';

/** The original's figure for the same measurement, in the figure's unit: a range, or low = high. */
export interface OriginalFigure {
  low: number;
  high: number;
}

export interface Figure {
  /** Stable key, used by `--target name=value` and in the summary. */
  name: string;
  /** What is measured, for people. */
  label: string;
  unit: string;
  better: Better;
  /** The stated target (README's performance table, the issues); absent: reported, not judged. */
  target?: number;
  /** The original's figure (bench/original-figures.ts), printed beside ours with the ratio. */
  original?: OriginalFigure;
}

export interface Verdict {
  figure: Figure;
  runs: number;
  median: number;
  min: number;
  max: number;
  /** null when the figure has no target. */
  met: boolean | null;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A figure meets its target when the median of its runs does: one lucky run proves nothing. */
export function judge(figure: Figure, values: readonly number[]): Verdict {
  const middle = median(values);
  const met = figure.target === undefined ? null : figure.better === 'lower' ? middle <= figure.target : middle >= figure.target;
  return { figure, runs: values.length, median: middle, min: Math.min(...values), max: Math.max(...values), met };
}

/** 1 when any judged figure missed its target, so a regression fails the command. */
export function exitStatus(verdicts: readonly Verdict[]): 0 | 1 {
  return verdicts.some((verdict) => verdict.met === false) ? 1 : 0;
}

/**
 * Parses target overrides, `name=value` each (from `--target` options and the BENCH_TARGETS
 * variable, comma-separated there), against the benchmark's figures; a wrong one is an error
 * naming what is wrong, never ignored.
 */
export function parseTargetOverrides(specs: readonly string[], figures: readonly Figure[]): Map<string, number> {
  const known = new Map(figures.map((figure) => [figure.name, figure]));
  const overrides = new Map<string, number>();
  for (const spec of specs) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(spec.trim());
    if (match === null) throw new Error(`target "${spec}": expected name=value, e.g. ${figures[0]?.name ?? 'figure'}=10`);
    const [, name, text] = match as unknown as [string, string, string];
    if (!known.has(name)) throw new Error(`target "${spec}": no figure "${name}" in this benchmark (it has ${[...known.keys()].join(', ')})`);
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`target "${spec}": ${JSON.stringify(text)} is not a number`);
    overrides.set(name, value);
  }
  return overrides;
}

export function withOverrides(figures: readonly Figure[], overrides: ReadonlyMap<string, number>): Figure[] {
  return figures.map((figure) => (overrides.has(figure.name) ? { ...figure, target: overrides.get(figure.name)! } : figure));
}

/** Two decimals, or two significant digits below 0.1 (the original's 0.028 M obs/s is not 0.03). */
function number(value: number): string {
  const size = Math.abs(value);
  if (size >= 1000) return Math.round(value).toLocaleString('en-US');
  if (size >= 10) return value.toFixed(1);
  return size >= 0.1 || size === 0 ? value.toFixed(2) : value.toPrecision(2);
}

/**
 * How many times better `ours` is than the original's figure, as [against its low end, against
 * its high end] in increasing order: original / ours when lower is better, ours / original when
 * higher is.
 */
export function timesBetter(better: Better, ours: number, original: OriginalFigure): [number, number] {
  const ratios = better === 'lower' ? [original.low / ours, original.high / ours] : [ours / original.high, ours / original.low];
  return [Math.min(...ratios), Math.max(...ratios)];
}

const range = (low: number, high: number, unit: string): string =>
  number(low) === number(high) ? `${number(low)}${unit}` : `${number(low)}–${number(high)}${unit}`;

function besideOriginal(verdict: Verdict): string {
  const { figure } = verdict;
  if (figure.original === undefined) return '';
  const [low, high] = timesBetter(figure.better, verdict.median, figure.original);
  return `; the original: ${range(figure.original.low, figure.original.high, ` ${figure.unit}`)}, ours ${range(low, high, '×')} as fast`;
}

/**
 * One summary line: median, min and max of the runs, the verdict against the target, and the
 * original's figure with the ratio when the figure has one.
 */
export function formatVerdict(verdict: Verdict): string {
  const { figure } = verdict;
  const spread = `median ${number(verdict.median)} ${figure.unit} (min ${number(verdict.min)}, max ${number(verdict.max)}, ${verdict.runs} runs)`;
  const original = besideOriginal(verdict);
  if (figure.target === undefined || verdict.met === null) return `  ${figure.name}: ${spread}; no stated target${original}`;
  const sign = figure.better === 'lower' ? '≤' : '≥';
  return `  ${figure.name}: ${spread}; target ${sign} ${number(figure.target)} ${figure.unit}: ${verdict.met ? 'met' : 'MISSED'}${original}`;
}
