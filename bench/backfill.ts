/**
 * `npm run bench -- backfill [--runs N] [--farmers N] [--days D]`
 *
 * A first demo start, each in its own process started as `headless --demo` starts it:
 * - a 30-day demo at 1,000 farmers: seconds until it is ready (history stored and folded, so the
 *   dashboard shows all of it), target ≤ 10 s;
 * - a backfill at `--farmers` (default 25,000) of `--days` (default 1: a day keeps a run to under
 *   a minute; every day of it costs the same), with the event loop's delay in that process (p99
 *   and max, target ≤ 50 ms) and the latency of `/api/v1/status` and `/api/v1/network` asked
 *   one after another all along (p99 and max, target ≤ 100 ms). Beside them, the delay of this
 *   (idle) process's own event loop meanwhile: on a loaded machine, the part no code can avoid.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { BackfillProcessResult } from './backfill-process.js';
import { BenchUsageError, type Benchmark } from './runner.js';
import type { Figure } from './targets.js';

const READY_FARMERS = 1_000;
const READY_DAYS = 30;
/** Pause between two requests of the probe: often enough to meet every long turn. */
const PROBE_PAUSE_MS = 20;
const REQUEST_TIMEOUT_MS = 10_000;
/** A run that has not ended by then is broken, not slow. */
const RUN_TIMEOUT_MS = 15 * 60_000;

const figures: Figure[] = [
  { name: 'ready-s', label: `${READY_DAYS}-day demo at ${READY_FARMERS.toLocaleString('en-US')} farmers: time to ready (stored and folded)`, unit: 's', better: 'lower', target: 10 },
  { name: 'big-scrapes-per-s', label: 'large backfill: scrapes stored per second', unit: '/s', better: 'higher' },
  { name: 'loop-p99-ms', label: 'large backfill: event-loop delay p99', unit: 'ms', better: 'lower', target: 50 },
  { name: 'loop-max-ms', label: 'large backfill: event-loop delay max', unit: 'ms', better: 'lower', target: 50 },
  // On a shared machine a process that does nothing waits for a core too: this is that wait.
  { name: 'idle-loop-p99-ms', label: 'for scale: this idle process\'s event-loop delay p99 meanwhile', unit: 'ms', better: 'lower' },
  { name: 'idle-loop-max-ms', label: 'for scale: this idle process\'s event-loop delay max meanwhile', unit: 'ms', better: 'lower' },
  { name: 'status-p99-ms', label: 'large backfill: GET /api/v1/status p99', unit: 'ms', better: 'lower', target: 100 },
  { name: 'status-max-ms', label: 'large backfill: GET /api/v1/status max', unit: 'ms', better: 'lower', target: 100 },
  { name: 'network-p99-ms', label: 'large backfill: GET /api/v1/network p99', unit: 'ms', better: 'lower', target: 100 },
  { name: 'network-max-ms', label: 'large backfill: GET /api/v1/network max', unit: 'ms', better: 'lower', target: 100 },
];

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) throw new Error('the API answered no request during the backfill');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

/** Asks each path in turn, one request at a time, until `until` settles; the latencies by path. */
async function probe(url: string, paths: readonly string[], until: Promise<unknown>): Promise<Map<string, number[]>> {
  const latencies = new Map(paths.map((path) => [path, [] as number[]]));
  let done = false;
  void until.finally(() => (done = true));
  for (let i = 0; !done; i++) {
    const path = paths[i % paths.length]!;
    const started = performance.now();
    const response = await fetch(url + path, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    latencies.get(path)!.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
  }
  return latencies;
}

/** Runs one first start in its own process; `whileRunning` gets the API's address as soon as it listens. */
async function firstStart(farmers: number, days: number, whileRunning: (url: string, result: Promise<BackfillProcessResult>) => Promise<void> = async () => undefined): Promise<BackfillProcessResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dsg-bench-backfill-'));
  const child = fork(fileURLToPath(new URL('./backfill-process.ts', import.meta.url)), [dataDir, String(farmers), String(days)], { execArgv: ['--import', 'tsx'] });
  try {
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const result = new Promise<BackfillProcessResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the backfill process did not finish within ${RUN_TIMEOUT_MS / 60_000} min`)), RUN_TIMEOUT_MS);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the backfill process exited with code ${code} before it was ready`)));
      child.on('message', (message) => {
        if (typeof message === 'object' && message !== null && 'url' in message) listening((message as { url: string }).url);
        else {
          clearTimeout(timer);
          resolve(message as BackfillProcessResult);
        }
      });
    });
    const [, measured] = await Promise.all([whileRunning(await Promise.race([url, result.then(() => '')]), result), result]);
    return measured;
  } finally {
    const ended = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send('stop');
    await ended;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  title: 'Demo backfill benchmark',
  figures,
  async open(args) {
    const { values } = parseArgs({ args, options: { farmers: { type: 'string', default: '25000' }, days: { type: 'string', default: '1' } } });
    const farmers = Number(values.farmers);
    const days = Number(values.days);
    if (!Number.isInteger(farmers) || farmers < 1) throw new BenchUsageError(`--farmers ${values.farmers}: must be a whole number of at least 1`);
    if (!(days > 0 && days <= 30)) throw new BenchUsageError(`--days ${values.days}: must be more than 0 and at most 30`);
    console.log(
      `large backfill: ${days} day${days === 1 ? '' : 's'} of history at ${farmers.toLocaleString('en-US')} farmers (a first start fills ${READY_DAYS}; ` +
        'each day costs about the same, so a shorter history measures the same turns in less time)',
    );
    return {
      async run() {
        const ready = await firstStart(READY_FARMERS, READY_DAYS);
        let latencies = new Map<string, number[]>();
        const idle = monitorEventLoopDelay({ resolution: 1 });
        const big = await firstStart(farmers, days, async (url, result) => {
          idle.enable();
          if (url !== '') latencies = await probe(url, ['/api/v1/status', '/api/v1/network'], result);
          idle.disable();
        });
        const status = latencies.get('/api/v1/status') ?? [];
        const network = latencies.get('/api/v1/network') ?? [];
        return {
          'ready-s': ready.readyMs / 1000,
          'big-scrapes-per-s': big.scrapes / (big.storedMs / 1000),
          'loop-p99-ms': big.loopP99Ms,
          'loop-max-ms': big.loopMaxMs,
          'idle-loop-p99-ms': idle.percentile(99) / 1e6,
          'idle-loop-max-ms': idle.max / 1e6,
          'status-p99-ms': percentile(status, 0.99),
          'status-max-ms': Math.max(...status),
          'network-p99-ms': percentile(network, 0.99),
          'network-max-ms': Math.max(...network),
        };
      },
      close: () => Promise.resolve(),
    };
  },
};
