/**
 * A first demo start, in its own process as `headless --demo` runs it: the engine with its local
 * API over an empty data directory, filling `days` of history of about `farmers` farmers straight
 * from the simulated network. Measures its own event loop (the API's) during the backfill, and
 * says when the history is stored and when it is folded (ready: the dashboard shows all of it).
 *
 * argv: dataDir farmers days. Messages out: {url} once the API listens, then the result; any
 * message in stops the engine and ends the process.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startEngine } from '../main/engine/engine.js';
import { silentLogger } from '../main/logging/logger.js';
import { backfillInThread } from '../main/simulator/backfill-thread.js';
import { planBackfill } from '../main/simulator/demo-backfill.js';
import { SimulatedNetwork } from '../main/simulator/network-model.js';

export interface BackfillProcessResult {
  scrapes: number;
  storedMs: number;
  readyMs: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

const [dataDir, farmersText, daysText] = process.argv.slice(2) as [string, string, string];
const farmers = Number(farmersText);
const days = Number(daysText);
const network = new SimulatedNetwork({ farmers, seed: 'bench-backfill' });
const loop = monitorEventLoopDelay({ resolution: 1 });
const started = performance.now();
let storedMs = 0;
let scrapes = 0;
const engine = await startEngine({
  logger: silentLogger(),
  dataDir,
  source: null,
  apiPort: 0,
  onApiStarted: (url) => {
    process.send!({ url });
  },
  backfill: async ({ databaseFile, rawStoreUri, progress }) => {
    const plan = planBackfill(Date.now(), null, days);
    loop.enable();
    scrapes = await backfillInThread({ databaseFile, rawStoreUri, network, plan, onProgress: (done, total) => progress(done, total, days) });
    loop.disable();
    storedMs = performance.now() - started;
  },
});
const newest = engine.db.prepare<[], { time: number }>('SELECT MAX(time) AS time FROM scrapes').get()!.time;
for (;;) {
  const { jobs } = await engine.status();
  if (jobs.state === 'failed') throw new Error(`the fold failed: ${jobs.lastError ?? 'no reason given'}`);
  if (jobs.state === 'idle' && jobs.foldedThrough !== null && jobs.foldedThrough >= newest) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const result: BackfillProcessResult = { scrapes, storedMs, readyMs: performance.now() - started, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 };
process.send!(result);
process.once('message', () => {
  void engine.stop().then(() => process.exit(0));
});
