import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { NodeEvent } from '../../../shared/model/node-events.js';
import { startEngine } from '../../../main/engine/engine.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';

describe('the engine derives collector events as scrapes fail', () => {
  let simulator: Simulator;
  let dir: string;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, farmers: 20, seed: 5 });
    dir = mkdtempSync(join(tmpdir(), 'dsg-engine-events-'));
  });
  afterAll(async () => {
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('N failed scrapes in a row (the setting) raise collector-failing once, the next stored scrape collector-recovered, live and stored', async () => {
    const engine = await startEngine({ logger: silentLogger(), dataDir: dir, source: simulator.url, startCollector: false });
    const live: NodeEvent[] = [];
    const unsubscribe = engine.hub.subscribe((event: EngineEvent) => {
      if (event.type === 'node-event') live.push(event.event);
    });
    try {
      engine.context.settings.update({ eventRules: { heightGrowth: 1000, uptime24hBelowPercent: 90, collectorFailures: 2 } });
      // The thresholds reach the worker by a message: they apply from when it has them.
      const derivation = (): string => engine.context.db.prepare<[], { value: string }>("SELECT value FROM event_state WHERE name = 'derivation'").get()!.value;
      await expect.poll(() => (JSON.parse(derivation()) as { rules: { collectorFailures: number } }).rules.collectorFailures, { timeout: 20_000 }).toBe(2);
      const collector = engine.collector!;
      expect((await collector.scrapeNow())?.ok).toBe(true);
      collector.configure({ source: 'http://127.0.0.1:1' });
      for (let attempt = 0; attempt < 3; attempt++) expect((await collector.scrapeNow())?.ok).toBe(false);
      await expect.poll(() => live.map((event) => event.kind), { timeout: 20_000 }).toEqual(['collector-failing']);
      expect(live[0]!.detail).toMatchObject({ failedScrapes: 2 });
      collector.configure({ source: simulator.url });
      expect((await collector.scrapeNow())?.ok).toBe(true);
      await expect.poll(() => live.map((event) => event.kind), { timeout: 20_000 }).toEqual(['collector-failing', 'collector-recovered']);
      expect(live[1]!.detail).toMatchObject({ failedScrapes: 3 });
      const stored = engine.context.db.prepare<[], { id: string }>("SELECT id FROM node_events WHERE kind LIKE 'collector-%' ORDER BY time").all();
      expect(stored.map((row) => row.id)).toEqual(live.map((event) => event.id));
    } finally {
      unsubscribe();
      await engine.stop();
    }
  }, 60_000);
});
