/**
 * `npm run bench -- cli-start [--runs N]`
 *
 * Wall time from starting `driveshare-graph` (node bin/driveshare-graph.js, the compiled CLI) to
 * its exit, as a user waits for it: `--help` (target ≤ 300 ms) and `report` on a store without
 * history (target ≤ 500 ms), beside Node's own start for scale (on a busy machine it alone can
 * take most of a target).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { databaseFile } from '../main/store/data-dir.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { buildCli, cliBuildIsCurrent } from '../scripts/build-cli.js';
import { BenchUsageError, type Benchmark } from './runner.js';
import type { Figure } from './targets.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'driveshare-graph.js');

const figures: Figure[] = [
  { name: 'node-start-ms', label: 'node -e 0 (no CLI, for scale)', unit: 'ms', better: 'lower' },
  { name: 'help-ms', label: 'driveshare-graph --help', unit: 'ms', better: 'lower', target: 300 },
  { name: 'report-empty-ms', label: 'driveshare-graph report, store without history', unit: 'ms', better: 'lower', target: 500 },
];

/** One start to exit, in ms; a failed run is an error, not a figure. */
function timeRun(args: string[]): number {
  const started = performance.now();
  const outcome = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (outcome.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${outcome.status}: ${outcome.stderr}`);
  return elapsed;
}

export const benchmark: Benchmark = {
  title: 'CLI start benchmark',
  figures,
  async open(args) {
    if (args.length > 0) throw new BenchUsageError(`cli-start takes no options of its own (got ${args.join(' ')})`);
    if (!cliBuildIsCurrent()) await buildCli();
    const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-cli-start-'));
    openDatabase(databaseFile(dir)).close();
    // A warm-up run, so the first measured one does not pay for cold file caches.
    timeRun([BIN, '--help']);
    return {
      run: () =>
        Promise.resolve({
          'node-start-ms': timeRun(['-e', '0']),
          'help-ms': timeRun([BIN, '--help']),
          'report-empty-ms': timeRun([BIN, 'report', '--data', dir]),
        }),
      close: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  },
};
