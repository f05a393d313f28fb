/**
 * `npm run bench -- <name> [--runs N] [--target name=value]… [options]`: each benchmark measures
 * its figures at least five times, prints the load average beside them, and reports the median
 * and min of each against its stated target. The exit status is 1 when a median misses its
 * target, so a regression is visible; `--target name=value` (or BENCH_TARGETS="a=1,b=2")
 * replaces a target for this run. Benchmarks measure; tests assert behaviour.
 */
import { runBenchmark, type Benchmark } from './runner.js';

export const benchmarks: Record<string, () => Promise<{ benchmark: Benchmark }>> = {
  aggregate: () => import('./aggregate.js'),
  alerts: () => import('./alerts.js'),
  api: () => import('./api.js'),
  backfill: () => import('./backfill.js'),
  'cli-start': () => import('./cli-start.js'),
  collect: () => import('./collect.js'),
  events: () => import('./events.js'),
  import: () => import('./import.js'),
  scale: () => import('./scale.js'),
  storage: () => import('./storage.js'),
  ui: () => import('./ui.js'),
};

const [name, ...args] = process.argv.slice(2);
const names = Object.keys(benchmarks);
if (name === undefined || !(name in benchmarks)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [--runs N] [--target name=value]… [options]`);
  process.exit(name === undefined ? 0 : 2);
}
const { benchmark } = await benchmarks[name]!();
process.exitCode = await runBenchmark(benchmark, args);
