import { describe, expect, it } from 'vitest';
import { envTargets, MIN_RUNS, splitCommonArgs } from '../../../bench/runner.js';
import { exitStatus, formatVerdict, judge, median, parseTargetOverrides, withOverrides, type Figure } from '../../../bench/targets.js';

const ingest: Figure = { name: 'ingest-ms', label: 'ingest', unit: 'ms', better: 'lower', target: 25 };
const rebuild: Figure = { name: 'rebuild-mobs-per-s', label: 'rebuild', unit: 'M obs/s', better: 'higher', target: 2 };
const cold: Figure = { name: 'cold-ms', label: 'cold start', unit: 'ms', better: 'lower' };

describe('judging benchmark figures against their targets', () => {
  it('takes the median of the runs, not the best one', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
    expect(judge(ingest, [24, 40, 41, 39, 20])).toMatchObject({ median: 39, min: 20, max: 41, runs: 5, met: false });
  });

  it('meets a lower-is-better target at or below it and a higher-is-better one at or above it', () => {
    expect(judge(ingest, [25, 25, 25, 25, 25]).met).toBe(true);
    expect(judge(ingest, [25.01, 25.01, 25.01, 25, 25]).met).toBe(false);
    expect(judge(rebuild, [2, 2, 2, 2, 2]).met).toBe(true);
    expect(judge(rebuild, [1.99, 1.99, 1.99, 3, 3]).met).toBe(false);
  });

  it('reports a figure with no stated target without judging it', () => {
    expect(judge(cold, [1, 2, 3, 4, 5]).met).toBeNull();
    expect(formatVerdict(judge(cold, [1, 2, 3, 4, 5]))).toMatch(/no stated target/);
  });

  it('exits 1 when any judged figure misses, 0 otherwise', () => {
    const met = judge(ingest, [10, 10, 10, 10, 10]);
    const missed = judge(rebuild, [1, 1, 1, 1, 1]);
    const unjudged = judge(cold, [500, 500, 500, 500, 500]);
    expect(exitStatus([met, unjudged])).toBe(0);
    expect(exitStatus([met, missed, unjudged])).toBe(1);
    expect(exitStatus([])).toBe(0);
    expect(formatVerdict(missed)).toMatch(/median 1\.00 M obs\/s \(min 1\.00, max 1\.00, 5 runs\); target ≥ 2\.00 M obs\/s: MISSED/);
    expect(formatVerdict(met)).toMatch(/target ≤ 25\.0 ms: met$/);
  });
});

describe('target overrides', () => {
  it('replaces the named targets and sets one where none was stated', () => {
    const overrides = parseTargetOverrides(['ingest-ms=0.5', 'cold-ms=100'], [ingest, cold]);
    expect(withOverrides([ingest, cold, rebuild], overrides).map((figure) => figure.target)).toEqual([0.5, 100, 2]);
  });

  it.each([
    ['ingest-ms', /expected name=value/],
    ['nothing=3', /no figure "nothing" in this benchmark \(it has ingest-ms, cold-ms\)/],
    ['ingest-ms=fast', /"fast" is not a number/],
  ])('refuses %s, saying what is wrong', (spec, message) => {
    expect(() => parseTargetOverrides([spec], [ingest, cold])).toThrow(message);
  });

  it('reads BENCH_TARGETS as comma-separated overrides', () => {
    expect(envTargets({ BENCH_TARGETS: 'ingest-ms=1, cold-ms=2,' })).toEqual(['ingest-ms=1', 'cold-ms=2']);
    expect(envTargets({})).toEqual([]);
  });
});

describe('the arguments every benchmark takes', () => {
  it('takes --runs and --target out and leaves the rest to the benchmark', () => {
    expect(splitCommonArgs(['--farmers', '500', '--target', 'ingest-ms=1', '--runs=7', '--target=cold-ms=3', '--scrapes', '4'])).toEqual({
      runs: 7,
      targets: ['ingest-ms=1', 'cold-ms=3'],
      rest: ['--farmers', '500', '--scrapes', '4'],
    });
    expect(splitCommonArgs([]).runs).toBe(MIN_RUNS);
  });

  it.each([[['--runs', '3']], [['--runs', 'many']], [['--target']]])('refuses %j', (args) => {
    expect(() => splitCommonArgs(args)).toThrow(/--runs|--target/);
  });
});
