/**
 * `npm run bench -- cli-start [--runs N]`
 *
 * Wall time from starting `driveshare-graph` (node bin/driveshare-graph.js, the compiled CLI) to
 * its exit, as a user waits for it: `--help` (target ≤ 300 ms) and `report` on a store without
 * history (target ≤ 500 ms). Each is run `--runs` times (default 9, at least 5) after one warm-up
 * run; the median is held against the target, and the run exits with status 1 when one is missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { databaseFile } from '../main/store/data-dir.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { buildCli, cliBuildIsCurrent } from '../scripts/build-cli.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'driveshare-graph.js');
const MIN_RUNS = 5;

interface Case {
  name: string;
  args: string[];
  targetMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** One start to exit of the CLI, in ms; a failed run is an error, not a figure. */
function timeRun(args: string[]): number {
  const started = performance.now();
  const outcome = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (outcome.status !== 0) throw new Error(`driveshare-graph ${args.join(' ')} exited with ${outcome.status}: ${outcome.stderr}`);
  return elapsed;
}

function measure(testCase: Case, runs: number): boolean {
  timeRun(testCase.args);
  const times = Array.from({ length: runs }, () => timeRun(testCase.args));
  const middle = median(times);
  const met = middle <= testCase.targetMs;
  console.log(
    `${testCase.name}: median ${middle.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms over ${runs} runs ` +
      `(target ≤ ${testCase.targetMs} ms: ${met ? 'met' : 'MISSED'})`,
  );
  return met;
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string', default: '9' } } });
  const runs = Math.max(MIN_RUNS, Number(values.runs));
  if (!cliBuildIsCurrent()) await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-cli-start-'));
  try {
    openDatabase(databaseFile(dir)).close();
    console.log(`load average ${loadavg().map((value) => value.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`);
    const cases: Case[] = [
      { name: 'driveshare-graph --help', args: ['--help'], targetMs: 300 },
      { name: 'driveshare-graph report, store without history', args: ['report', '--data', dir], targetMs: 500 },
    ];
    // Node's own start, for scale: on a busy machine it alone can take most of a target.
    const bare = Array.from({ length: runs }, () => {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - started;
    });
    console.log(`node -e 0 (no CLI, for scale): median ${median(bare).toFixed(0)} ms, min ${Math.min(...bare).toFixed(0)} ms`);
    const results = cases.map((testCase) => measure(testCase, runs));
    console.log(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(' / ')}`);
    if (results.includes(false)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
