import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { CollectorState, Status } from '../../../shared/model/status.js';
import { startEngine } from '../../../main/engine/engine.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { backfillHistory, planBackfill } from '../../../main/simulator/demo-backfill.js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import { LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import { JsonFileSettingsStore } from '../../../main/settings/json-file-settings-store.js';

const DAY = 86_400_000;

describe('engine with the collector', () => {
  let simulator: Simulator;
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-engine-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, farmers: 60, seed: 11 });
  });
  afterAll(async () => {
    await simulator.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('collects, reports status and events, refuses a second engine on its data dir, and releases it on stop', async () => {
    const dataDir = tempDir();
    const engine = await startEngine({ logger: silentLogger(), dataDir, source: simulator.url, intervalSeconds: 60 });
    const events: EngineEvent[] = [];
    const unsubscribe = engine.hub.subscribe((event) => events.push(event));
    let historyChanges = 0;
    engine.hub.onHistoryChanged(() => historyChanges++);
    try {
      await expect.poll(async () => (await engine.status()).collector.scrapesOk, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      const status = await engine.status();
      expect(status.collector).toMatchObject({ source: simulator.url, intervalSeconds: 60, state: 'idle', scrapesFailed: 0 });
      expect(status.collector.lastScrape?.farmers).toBeGreaterThan(0);
      expect(status.collector.nextScrapeAt).toBeGreaterThan(status.collector.lastScrape!.time);
      expect(status.store).toMatchObject({ kind: 'sqlite', scrapes: 1, snapshots: 1 });
      await expect(startEngine({ logger: silentLogger(), dataDir, source: simulator.url })).rejects.toThrow(/lock/);
      // A scrape on demand is announced to subscribers and to the history listeners.
      const outcome = await engine.collector!.scrapeNow();
      expect(events).toContainEqual({ type: 'scrape', outcome });
      expect(historyChanges).toBeGreaterThanOrEqual(1);
      // State changes are pushed as whole statuses, so views need not poll.
      await expect
        .poll(() => events.some((event) => event.type === 'status' && event.status.collector.scrapesOk === 2 && event.status.collector.state === 'idle'), { timeout: 20_000 })
        .toBe(true);
    } finally {
      unsubscribe();
      await engine.stop();
    }
    expect(engine.db.open).toBe(false);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const again = await startEngine({ logger: silentLogger(), dataDir, source: null });
    expect((await again.status()).store.scrapes).toBe(2);
    await again.stop();
  });

  it('says "backfilling" while the backfill runs, then collects live; retention drops old snapshots but keeps the log', async () => {
    const dataDir = tempDir();
    const states: CollectorState[] = [];
    const now = Date.now();
    const engine = await startEngine({
      logger: silentLogger(),
      dataDir,
      source: simulator.url,
      intervalSeconds: 600,
      retentionDays: 1,
      backfill: async ({ rawStore, status }) => {
        states.push((await status()).collector.state);
        await backfillHistory(rawStore, simulator.network, planBackfill(now, null, 3));
      },
    });
    try {
      await expect.poll(async () => (await engine.status()).collector.scrapesOk, { timeout: 20_000 }).toBe(1);
      const counts = engine.db
        .prepare<[number], { total: number; kept: number; old: number }>(
          `SELECT COUNT(*) AS total, SUM(has_snapshot) AS kept,
                  SUM(CASE WHEN time < ? AND has_snapshot = 1 THEN 1 ELSE 0 END) AS old FROM scrapes`,
        )
        .get(now - DAY)!;
      expect(counts.total).toBe(3 * 288 + 1);
      expect(counts.old).toBe(0);
      expect(counts.kept).toBeGreaterThanOrEqual(288);
      expect(counts.kept).toBeLessThanOrEqual(290);
    } finally {
      await engine.stop();
    }
    expect(states).toEqual(['backfilling']);
  });

  it('reports the backfill\'s progress in the status while it runs, and none once it is done', async () => {
    const seen: Array<Status['backfill']> = [];
    const engine = await startEngine({
      logger: silentLogger(),
      dataDir: tempDir(),
      source: simulator.url,
      startCollector: false,
      backfill: async ({ rawStore, status, progress }) => {
        seen.push((await status()).backfill);
        const plan = planBackfill(Date.now(), null, 1);
        await backfillHistory(rawStore, simulator.network, plan, (done, total) => progress(done, total, 1), () => false, { turnBudgetMs: 0.001 });
        seen.push((await status()).backfill);
      },
    });
    try {
      expect(seen[0]).toMatchObject({ done: 0, total: 0, remainingSeconds: null });
      expect(seen[1]).toMatchObject({ done: 288, total: 288, days: 1, remainingSeconds: 0 });
      expect((await engine.status()).backfill).toBeNull();
    } finally {
      await engine.stop();
    }
  });

  it('applies collection settings changed in a view to the running collector', async () => {
    const dataDir = tempDir();
    const other = await startSimulator({ port: 0, farmers: 5, seed: 2 });
    const settings = JsonFileSettingsStore.open(dataDir);
    const engine = await startEngine({ logger: silentLogger(), dataDir, source: simulator.url, intervalSeconds: 600, apiPort: 0, settings });
    try {
      await expect.poll(() => engine.collector!.status().scrapesOk, { timeout: 20_000 }).toBe(1);
      settings.update({ sourceUrl: other.url, intervalSeconds: 900 });
      expect(engine.collector!.status()).toMatchObject({ source: other.url, intervalSeconds: 900 });
      // A new source is scraped right away.
      await expect.poll(() => other.requests()['/api/total'] ?? 0, { timeout: 20_000 }).toBe(1);
    } finally {
      await engine.stop();
      await other.close();
    }
  });
});
