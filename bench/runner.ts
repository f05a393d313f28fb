import { availableParallelism, loadavg } from 'node:os';
import { exitStatus, formatVerdict, judge, parseTargetOverrides, withOverrides, type Figure, type Verdict } from './targets.js';

/** A wrong command line (as opposed to a failure while measuring): exit status 2, no stack. */
export class BenchUsageError extends Error {}

/** Node's parseArgs throws these for unknown options and missing values. */
const isUsageError = (error: unknown): error is Error =>
  error instanceof BenchUsageError || (error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS'));

/** Fewer runs say little on a shared machine: the median of five is the least any figure gets. */
export const MIN_RUNS = 5;

/** One prepared benchmark: each `run` measures every figure once; `close` frees what it built. */
export interface BenchmarkSession {
  run(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** What each bench module exports as `benchmark`. */
export interface Benchmark {
  title: string;
  figures: readonly Figure[];
  /**
   * The figures for these options (the bench's own arguments), when they depend on them — one
   * per farmer count, say; `figures` lists those of the default options. Throws on bad options.
   */
  figuresFor?(args: readonly string[]): readonly Figure[];
  /** Printed for `--help`: the bench's options and how long a run takes. */
  help?: string;
  /** Parses the bench's own options and builds what every run needs (stores, data), once. */
  open(args: string[]): Promise<BenchmarkSession>;
}

export interface CommonArgs {
  runs: number;
  targets: string[];
  /** The arguments left for the benchmark itself. */
  rest: string[];
}

/** Takes `--runs N` and `--target name=value` (repeatable) out of the arguments. */
export function splitCommonArgs(args: readonly string[]): CommonArgs {
  let runs = MIN_RUNS;
  const targets: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--runs' && flag !== '--target') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--target') {
      targets.push(value);
      continue;
    }
    runs = Number(value);
    if (!Number.isInteger(runs) || runs < MIN_RUNS) throw new Error(`--runs ${value}: must be a whole number of at least ${MIN_RUNS}`);
  }
  return { runs, targets, rest };
}

/** Overrides from the BENCH_TARGETS variable: `name=value`, comma-separated. */
export function envTargets(env: NodeJS.ProcessEnv): string[] {
  return (env.BENCH_TARGETS ?? '').split(',').map((spec) => spec.trim()).filter((spec) => spec !== '');
}

export const loadLine = (): string => `load average ${loadavg().map((value) => value.toFixed(2)).join(' / ')} on ${availableParallelism()} cores`;

const figureLine = (figures: readonly Figure[], values: Record<string, number>): string =>
  figures.map((figure) => `${figure.name} ${values[figure.name]!.toPrecision(4)} ${figure.unit}`).join(' · ');

/**
 * Runs a benchmark at least five times and judges the medians against the stated targets,
 * printing the load average beside the figures. Returns the exit status: 0 all targets met,
 * 1 a target missed, 2 the command was wrong.
 */
export async function runBenchmark(benchmark: Benchmark, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<0 | 1 | 2> {
  let common: CommonArgs;
  let figures: Figure[];
  try {
    common = splitCommonArgs(args);
    if (benchmark.help !== undefined && common.rest.includes('--help')) {
      console.log(benchmark.help);
      return 0;
    }
    const own = benchmark.figuresFor?.(common.rest) ?? benchmark.figures;
    figures = withOverrides(own, parseTargetOverrides([...envTargets(env), ...common.targets], own));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    return 2;
  }
  console.log(`${benchmark.title}: ${common.runs} runs; ${loadLine()} at the start`);
  let session: BenchmarkSession;
  try {
    session = await benchmark.open(common.rest);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    console.error(`bench: ${error.message}`);
    return 2;
  }
  const values = new Map<string, number[]>(figures.map((figure) => [figure.name, []]));
  try {
    for (let run = 1; run <= common.runs; run++) {
      const measured = await session.run();
      for (const figure of figures) {
        const value = measured[figure.name];
        if (value === undefined || !Number.isFinite(value)) throw new Error(`run ${run} measured no ${figure.name}`);
        values.get(figure.name)!.push(value);
      }
      console.log(`run ${run}/${common.runs} (${loadLine()}): ${figureLine(figures, measured)}`);
    }
  } finally {
    await session.close();
  }
  const verdicts: Verdict[] = figures.map((figure) => judge(figure, values.get(figure.name)!));
  console.log(`\n${benchmark.title}, ${loadLine()} at the end:`);
  for (const verdict of verdicts) console.log(formatVerdict(verdict));
  const missed = verdicts.filter((verdict) => verdict.met === false).length;
  const judged = verdicts.filter((verdict) => verdict.met !== null).length;
  if (missed > 0) console.log(`${missed} figure${missed === 1 ? '' : 's'} missed ${missed === 1 ? 'its target' : 'their targets'}: exit status 1`);
  else console.log(judged === 0 ? 'no figure has a stated target' : `all ${judged} stated targets met`);
  return exitStatus(verdicts);
}
