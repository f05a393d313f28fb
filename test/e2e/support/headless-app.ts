import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine, type Engine } from '../../../main/engine/engine.js';
import { createLogger, silentLogger } from '../../../main/logging/logger.js';
import { backfillHistory, planBackfill } from '../../../main/simulator/demo-backfill.js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import { MS_PER_DAY } from '../../../shared/defaults.js';
import type { Settings } from '../../../shared/model/settings.js';
import type { SetForThisRun, Status } from '../../../shared/model/status.js';
import { SETTINGS_FILE_NAME } from '../../../main/settings/json-file-settings-store.js';

export interface HeadlessAppOptions {
  /** The built renderer the API serves at `/`. */
  rendererDir: string;
  /** Simulated farmers online (the demo's network); ignored with `unreachableSource`. */
  farmers?: number;
  /** Days of history filled in before start, as the demo does. */
  days?: number;
  /** Spacing of the filled-in scrapes (the demo's is 5 min; a year test uses hours to stay quick). */
  stepMs?: number;
  /** Collect from a port nothing listens on: the "source unreachable" state. */
  unreachableSource?: boolean;
  /** Scrape interval; long by default so a test decides when new data arrives (`scrapeNow`). */
  intervalSeconds?: number;
  /** Settings saved in the data directory before the start, as an earlier run would have left them. */
  savedSettings?: Partial<Settings>;
  /** What the command line of this run set, as `headless` tells the engine (main/cli/set-for-this-run.ts). */
  setForThisRun?: readonly SetForThisRun[];
  /** Older stretches of history filled in too, e.g. one that ended 40 days ago: the store then has gaps. */
  olderHistory?: readonly OlderHistory[];
  /** Told the dashboard's address once the API listens, before the history is filled (the demo's order). */
  onApiStarted?: (url: string) => void;
}

/** A stretch of `days` of scrapes every `stepMs`, ending `endsDaysAgo` days before the start. */
export interface OlderHistory {
  endsDaysAgo: number;
  days: number;
  stepMs: number;
}

export interface HeadlessApp {
  /** Where a browser opens the dashboard (the API's origin). */
  url: string;
  engine: Engine;
  simulator: Simulator | null;
  /** GET on the API as the dashboard's origin, parsed. */
  getJson<T>(path: string): Promise<T>;
  /** Resolves once the first scrape is in and the jobs have folded every stored scrape (the API answers from the fold). */
  waitUntilFolded(timeoutMs?: number): Promise<Status>;
  close(): Promise<void>;
}

/**
 * The headless app as `driveshare-graph headless --demo` runs it: the simulator, the
 * engine over a fresh data directory with history filled in as the demo fills it, and
 * the local API serving the built dashboard on 127.0.0.1 with a free port.
 */
export async function startHeadlessApp(options: HeadlessAppOptions): Promise<HeadlessApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'driveshare-e2e-'));
  if (options.savedSettings !== undefined) writeFileSync(join(dataDir, SETTINGS_FILE_NAME), JSON.stringify(options.savedSettings));
  const simulator = options.unreachableSource ? null : await startSimulator({ port: 0, farmers: options.farmers ?? 120, seed: 'e2e' });
  // Port 9 (discard) is closed on loopback: every scrape fails with "connection refused".
  const source = simulator?.url ?? 'http://127.0.0.1:9';
  const days = options.days ?? 0;
  const older = options.olderHistory ?? [];
  const now = Date.now();
  let engine: Engine;
  try {
    engine = await startEngine({
      dataDir,
      source,
      intervalSeconds: options.intervalSeconds ?? 3600,
      timeoutSeconds: 2,
      apiPort: 0,
      rendererDir: options.rendererDir,
      ...(options.onApiStarted ? { onApiStarted: options.onApiStarted } : {}),
      ...(options.setForThisRun !== undefined ? { setForThisRun: options.setForThisRun } : {}),
      // E2E_API_LOG=1 shows the engine's errors while debugging a failing run.
      logger: process.env.E2E_API_LOG === '1' ? createLogger({ level: 'error' }) : silentLogger(),
      ...(simulator !== null && (days > 0 || older.length > 0)
        ? {
            backfill: async ({ rawStore, progress }) => {
              // Oldest first, as a collector would have stored them.
              for (const stretch of [...older].sort((a, b) => b.endsDaysAgo - a.endsDaysAgo)) {
                await backfillHistory(rawStore, simulator.network, planBackfill(now - stretch.endsDaysAgo * MS_PER_DAY, null, stretch.days, stretch.stepMs));
              }
              if (days > 0) {
                const plan = planBackfill(Date.now(), null, days, options.stepMs);
                await backfillHistory(rawStore, simulator.network, plan, (done, total) => progress(done, total, days));
              }
            },
          }
        : {}),
    });
  } catch (error) {
    await simulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  if (engine.api === null) throw new Error('the engine did not start the local API');
  const url = engine.api.url;
  async function getJson<T>(path: string): Promise<T> {
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
  return {
    url,
    engine,
    simulator,
    getJson,
    async waitUntilFolded(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await getJson<Status>('/api/v1/status');
        // Read after the status, so a scrape stored in between is waited for, not missed.
        const newest = engine.db.prepare<[], { time: number | null }>('SELECT MAX(time) AS time FROM scrapes WHERE ok = 1').get()?.time ?? null;
        if (status.jobs.state === 'failed') throw new Error(`aggregation failed: ${status.jobs.lastError ?? 'no reason given'}`);
        const folded = status.jobs.foldedThrough;
        // The collector's first scrape follows the start at once; wait for it too, so that no new
        // data lands in the middle of a test that compares the page with the API.
        const tried = status.collector.lastScrape !== null || status.collector.lastError !== null;
        const collectorSettled = tried && status.collector.state !== 'scraping';
        if (collectorSettled && (newest === null || (folded !== null && folded >= newest))) return status;
        if (Date.now() > deadline) throw new Error(`the jobs did not fold through ${newest} within ${timeoutMs} ms: ${JSON.stringify(status.jobs)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await engine.stop();
      await simulator?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
