import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BenchUsageError, runBenchmark, type Benchmark } from '../../../bench/runner.js';
import type { Figure } from '../../../bench/targets.js';

/** A benchmark with one figure per `--sizes` entry, each measured as the size itself. */
function sized(): { benchmark: Benchmark; opened: string[][] } {
  const opened: string[][] = [];
  const sizesOf = (args: readonly string[]): number[] => {
    if (args[0] !== '--sizes' || args[1] === undefined) throw new BenchUsageError('--sizes is required');
    return args[1].split(',').map(Number);
  };
  const figuresOf = (args: readonly string[]): Figure[] => sizesOf(args).map((size) => ({ name: `at-${size}`, label: `at ${size}`, unit: 'ms', better: 'lower', target: 100 }));
  const benchmark: Benchmark = {
    title: 'sized',
    figures: figuresOf(['--sizes', '1']),
    figuresFor: figuresOf,
    help: 'sized --sizes a,b',
    open(args) {
      opened.push(args);
      const values = Object.fromEntries(sizesOf(args).map((size) => [`at-${size}`, size]));
      return Promise.resolve({ run: () => Promise.resolve(values), close: () => Promise.resolve() });
    },
  };
  return { benchmark, opened };
}

describe('benchmarks whose figures depend on their options', () => {
  let output: string[];
  beforeEach(() => {
    output = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => output.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => output.push(line));
  });
  afterEach(() => vi.restoreAllMocks());

  it('judges the figures of the options given, and takes targets for them', async () => {
    const { benchmark } = sized();
    expect(await runBenchmark(benchmark, ['--sizes', '50,200'], {})).toBe(1);
    expect(output.join('\n')).toMatch(/at-200: median 200\.0 ms .*MISSED/);
    expect(await runBenchmark(benchmark, ['--sizes', '50,200', '--target', 'at-200=300'], {})).toBe(0);
  });

  it('refuses a target for a figure these options do not have, before opening', async () => {
    const { benchmark, opened } = sized();
    expect(await runBenchmark(benchmark, ['--sizes', '50', '--target', 'at-200=300'], {})).toBe(2);
    expect(output.join('\n')).toMatch(/no figure "at-200"/);
    expect(await runBenchmark(benchmark, [], {})).toBe(2);
    expect(output.join('\n')).toMatch(/--sizes is required/);
    expect(opened).toEqual([]);
  });

  it('prints its help for --help and measures nothing', async () => {
    const { benchmark, opened } = sized();
    expect(await runBenchmark(benchmark, ['--help'], {})).toBe(0);
    expect(output).toEqual(['sized --sizes a,b']);
    expect(opened).toEqual([]);
  });
});
