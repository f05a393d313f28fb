import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineApi } from '../../main/api/engine-api.js';
import type { HandlerContext } from '../../main/handlers/context.js';
import { startEngine, type Engine } from '../../main/engine/engine.js';
import { silentLogger } from '../../main/logging/logger.js';
import { aggregationStatus } from '../../main/queries/index.js';
import { ingestScrape } from '../../main/collector/ingest.js';
import { PayloadValidator } from '../../main/collector/validate-payload.js';
import { planBackfill } from '../../main/simulator/demo-backfill.js';
import { renderOnline, renderTotal } from '../../main/simulator/server.js';
import { SimulatedNetwork } from '../../main/simulator/network-model.js';

/** A fixed "now" past noon UTC, so the history has complete days and noon readings. */
export const FIXTURE_NOW = Date.UTC(2026, 0, 15, 13, 2, 0);

export interface HistoryOptions {
  farmers?: number;
  days?: number;
  /** Start the engine's local API on a free port (what `headless` does). */
  api?: { rendererDir?: string | null };
}

export interface SimulatedHistory {
  dir: string;
  engine: Engine;
  context: HandlerContext;
  close(): Promise<void>;
}

/**
 * A real data directory with `days` of simulated history stored through the real ingest path
 * (as the demo backfill does) and folded by the engine's own aggregation job. The context is the
 * engine's own, which its local API (when started) serves too.
 */
export async function simulatedHistory(options: HistoryOptions = {}): Promise<SimulatedHistory> {
  const dir = mkdtempSync(join(tmpdir(), 'driveshare-api-'));
  const network = new SimulatedNetwork({ farmers: options.farmers ?? 40, seed: 'api-tests' });
  const engine = await startEngine({
    logger: silentLogger(),
    dataDir: dir,
    source: null,
    ...(options.api !== undefined ? { apiPort: 0, rendererDir: options.api.rendererDir ?? null } : {}),
    // Every simulated answer goes through the collector's own ingest path, as the demo backfill does.
    backfill: async ({ rawStore }) => {
      const validator = new PayloadValidator();
      for (const time of planBackfill(FIXTURE_NOW, null, options.days ?? 3).times) {
        const state = network.stateAt(time);
        await ingestScrape(rawStore, { online: renderOnline(state), total: renderTotal(state) }, time, { validator });
      }
    },
  });
  await foldedThroughNewestScrape(engine);
  return {
    dir,
    engine,
    context: engine.context,
    async close() {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the engine's own aggregation job has folded every stored scrape. */
async function foldedThroughNewestScrape(engine: Engine, timeoutMs = 60_000): Promise<void> {
  const newest = engine.db.prepare<[], { time: number | null }>('SELECT MAX(time) AS time FROM scrapes WHERE ok = 1').get()!.time;
  const deadline = Date.now() + timeoutMs;
  while (aggregationStatus(engine.db).foldedThrough !== newest) {
    if (Date.now() > deadline) throw new Error(`the aggregation job did not fold through ${newest} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface ApiFixture extends SimulatedHistory {
  server: EngineApi;
  /** A request to the server from this machine (fetch sends a loopback Host). */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** The engine with its local API on 127.0.0.1 and a free port, over simulated history. */
export async function apiFixture(options: Omit<HistoryOptions, 'api'> & { api?: HistoryOptions['api'] } = {}): Promise<ApiFixture> {
  const history = await simulatedHistory({ ...options, api: options.api ?? {} });
  const server = history.engine.api!;
  return { ...history, server, request: (path, init) => fetch(`${server.url}${path}`, init) };
}
