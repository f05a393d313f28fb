import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** The smallest benchmark there is: `collect` on 50 farmers, 3 scrapes per run, 5 runs. */
function benchCollect(targets: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/index.ts', 'collect', '--farmers', '50', '--scrapes', '3', ...targets.flatMap((target) => ['--target', target])],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_TARGETS: '', ...env }, timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('benchmark exit status', () => {
  it('exits 0 when every median meets its target, and prints the load average beside the figures', () => {
    const { status, output } = benchCollect(['ingest-ms=1000', 'bytes-per-observation=1000000']);
    expect(output).toMatch(/run 5\/5 \(load average [\d.]+ \/ [\d.]+ \/ [\d.]+ on \d+ cores\): ingest-ms/);
    expect(output).toMatch(/ingest-ms: median [\d.]+ ms \(min [\d.]+, max [\d.]+, 5 runs\); target ≤ 1,000 ms: met/);
    expect(status).toBe(0);
  }, 90_000);

  it('exits 1 when a median misses an impossible target given on the command line or in BENCH_TARGETS', () => {
    const missed = benchCollect(['ingest-ms=0.000001', 'bytes-per-observation=1000000']);
    expect(missed.output).toMatch(/ingest-ms: .* MISSED/);
    expect(missed.output).toMatch(/1 figure missed its target: exit status 1/);
    expect(missed.status).toBe(1);
    expect(benchCollect(['bytes-per-observation=1000000'], { BENCH_TARGETS: 'ingest-ms=0.000001' }).status).toBe(1);
  }, 150_000);

  it('exits 2 on a target for a figure the benchmark does not have', () => {
    const { status, output } = benchCollect(['speed=3']);
    expect(output).toMatch(/no figure "speed"/);
    expect(status).toBe(2);
  }, 60_000);
});
