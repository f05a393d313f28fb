import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkPayload } from '../../shared/model/network.js';
import type { Status } from '../../shared/model/status.js';
import { aggregationStatus } from '../../main/queries/index.js';
import { startEngine, type Engine } from '../../main/engine/engine.js';
import { silentLogger } from '../../main/logging/logger.js';
import { startSimulator, type Simulator } from '../../main/simulator/server.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/**
 * Status and metrics while a collector runs (with a failed and a good scrape behind it): the
 * collector fields are filled in, still fit /openapi.json, and show in the Prometheus text.
 */
let dir: string;
let simulator: Simulator;
let engine: Engine;
let openapi: OpenApiValidator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'driveshare-api-collector-'));
  simulator = await startSimulator({ port: 0, host: '127.0.0.1', farmers: 15 });
  engine = await startEngine({ logger: silentLogger(), dataDir: dir, source: simulator.url, apiPort: 0, startCollector: false });
  openapi = new OpenApiValidator(await (await fetch(`${engine.api!.url}/openapi.json`)).json());
  simulator.setFaults({ errorRate: 1 });
  await engine.collector!.scrapeNow();
  simulator.setFaults({});
  await engine.collector!.scrapeNow();
});

afterAll(async () => {
  await engine?.stop();
  await simulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('with a collector', () => {
  it('/api/v1/status shows the last scrape, the last error and the counts, and fits the document', async () => {
    const response = await fetch(`${engine.api!.url}/api/v1/status`);
    expect(response.status).toBe(200);
    const status = (await openapi.read('GET', '/api/v1/status', response)) as Status;
    expect(status.collector.source).toBe(simulator.url);
    expect(status.collector.scrapesOk).toBe(1);
    expect(status.collector.scrapesFailed).toBe(1);
    expect(status.collector.lastScrape?.ok).toBe(true);
    expect(status.collector.lastError?.ok).toBe(false);
  });

  it('/metrics reports collector health', async () => {
    const text = await (await fetch(`${engine.api!.url}/metrics`)).text();
    expect(text).toContain('driveshare_collector_scrapes_total{result="ok"} 1\n');
    expect(text).toContain('driveshare_collector_scrapes_total{result="failed"} 1\n');
    expect(text).toContain('driveshare_collector_last_scrape_success 1\n');
    expect(text).toMatch(/\ndriveshare_collector_last_scrape_duration_seconds \d+(\.\d+)?(e-\d+)?\n/);
  });
});

describe('the dashboard payload between and after scrapes', () => {
  it('repeats the same answer until a new scrape is folded, then shows it', async () => {
    const read = async () => (await (await fetch(`${engine.api!.url}/api/v1/network`)).json()) as NetworkPayload;
    await expect.poll(() => aggregationStatus(engine.db).foldedThrough, { timeout: 30_000 }).not.toBeNull();
    const before = await read();
    expect(await read()).toEqual(before);
    const outcome = await engine.collector!.scrapeNow();
    await expect.poll(() => aggregationStatus(engine.db).foldedThrough, { timeout: 30_000 }).toBe(outcome!.time);
    const after = await read();
    expect(after.asOf).toBe(outcome!.time);
    expect(after.asOf).toBeGreaterThan(before.asOf!);
  });
});
