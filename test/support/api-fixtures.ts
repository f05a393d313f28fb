import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../main/api/server.js';
import type { HandlerContext } from '../../main/handlers/context.js';
import { testStatusSource } from '../../main/handlers/test-source.js';
import { startEngine, type Engine } from '../../main/engine/engine.js';
import { runAggregation } from '../../main/jobs/run-aggregation.js';
import { JsonFileSettingsStore } from '../../main/settings/json-file-settings-store.js';
import { backfillHistory, planBackfill } from '../../main/simulator/demo-backfill.js';
import { SimulatedNetwork } from '../../main/simulator/network-model.js';
import { databaseFile } from '../../main/store/data-dir.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';

/** A fixed "now" past noon UTC, so the history has complete days and noon readings. */
export const FIXTURE_NOW = Date.UTC(2026, 0, 15, 13, 2, 0);

export interface SimulatedHistory {
  dir: string;
  engine: Engine;
  context: HandlerContext;
  network: SimulatedNetwork;
  close(): Promise<void>;
}

/**
 * A real data directory with `days` of simulated history stored through the real ingest path
 * (the demo backfill) and folded by the real aggregation job, and a handler context over a
 * read-only connection to it — what the engine gives the API.
 */
export async function simulatedHistory(options: { farmers?: number; days?: number } = {}): Promise<SimulatedHistory> {
  const dir = mkdtempSync(join(tmpdir(), 'driveshare-api-'));
  const network = new SimulatedNetwork({ farmers: options.farmers ?? 40, seed: 'api-tests' });
  const engine = await startEngine({
    dataDir: dir,
    source: null,
    backfill: async ({ rawStore }) => {
      await backfillHistory(rawStore, network, planBackfill(FIXTURE_NOW, null, options.days ?? 3));
    },
  });
  await runAggregation(engine.db, engine.rawStore);
  const db = openDatabase(databaseFile(dir), { readonly: true });
  const settings = JsonFileSettingsStore.open(dir);
  const context: HandlerContext = {
    db,
    status: () => engine.status(),
    subscribe: (listener) => engine.hub.subscribe(listener),
    settings,
    imports: null,
    testSource: (url) => testStatusSource(url, 2_000),
  };
  return {
    dir,
    engine,
    context,
    network,
    async close() {
      db.close();
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiFixture extends SimulatedHistory {
  server: ApiServer;
  /** GET (or another method) on the server with a loopback Host, as a client on this machine would. */
  request(path: string, init?: RequestInit): Promise<Response>;
}

export async function apiFixture(options: { farmers?: number; days?: number; server?: ApiServerOptions } = {}): Promise<ApiFixture> {
  const history = await simulatedHistory(options);
  const server = await startApiServer(history.context, { port: 0, logLevel: false, ...options.server });
  return {
    ...history,
    server,
    request: (path, init) => fetch(`${server.url}${path}`, init),
    async close() {
      await server.close();
      await history.close();
    },
  };
}
