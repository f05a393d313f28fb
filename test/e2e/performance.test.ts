import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { NetworkPage } from './pages/network-page.js';

skipNotice('performance');

const HOUR = 3_600_000;
const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Prints, not asserts: the time from navigation until the six items are drawn over a year of
 * history, and the time a range change takes to redraw. The year is filled hourly (8,760
 * scrapes) to keep the suite quick; what the page fetches and draws is the same either way —
 * series downsampled to a fixed number of points and one min/max bar per day.
 */
describe.skipIf(!chromiumAvailable)('dashboard performance with a year of history', () => {
  let app: HeadlessApp;
  let browser: Browser;

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({ rendererDir, farmers: 60, days: 365, stepMs: HOUR });
    await app.waitUntilFolded(240_000);
    browser = await launchChromium();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('prints navigation-to-drawn and range-change redraw times', async () => {
    const firstDraws: number[] = [];
    const redraws: Record<string, number[]> = { '30d': [], '1y': [], all: [] };
    const steps: Record<string, number[]> = {};
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      // Open on the year, as a returning user who chose it would.
      await context.addInitScript(() => window.localStorage.setItem('driveshare-graph.network-range', JSON.stringify({ preset: '1y' })));
      const page = await context.newPage();
      await page.goto(`${app.url}/#/network`);
      const network = new NetworkPage(page);
      await network.waitDrawn('1y', 30_000);
      // Marks and resource timings count from the navigation's start.
      const timeline = await page.evaluate(() => {
        const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
        const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('.js')) as PerformanceResourceTiming | undefined;
        const network = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/v1/network')) as PerformanceResourceTiming | undefined;
        return {
          scriptLoaded: script?.responseEnd ?? Number.NaN,
          mounted: mark('driveshare:mounted'),
          requestStart: network?.startTime ?? Number.NaN,
          answered: mark('driveshare:network-answer'),
          drawn: mark('driveshare:network-drawn'),
        };
      });
      firstDraws.push(timeline.drawn);
      for (const [step, ms] of Object.entries(timeline)) (steps[step] ??= []).push(ms);
      for (const preset of ['30d', 'all', '1y'] as const) redraws[preset]!.push((await network.chooseRange(preset)).redrawMs);
      await context.close();
    }
    console.log(`[perf] navigation → six items drawn (1 y of history): median ${median(firstDraws).toFixed(0)} ms of ${RUNS} (${firstDraws.map((ms) => ms.toFixed(0)).join(', ')})`);
    console.log(`[perf]   of which (medians, ms after navigation start): ${Object.entries(steps).map(([step, times]) => `${step} ${median(times).toFixed(0)}`).join(', ')}`);
    for (const [preset, times] of Object.entries(redraws)) {
      console.log(`[perf] range change → ${preset} redrawn: median ${median(times).toFixed(0)} ms (${times.map((ms) => ms.toFixed(0)).join(', ')})`);
    }
    expect(firstDraws).toHaveLength(RUNS);
  });
});
