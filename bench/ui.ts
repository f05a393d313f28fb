/**
 * `npm run bench -- ui [--days N] [--runs N] [--target name=value]`
 *
 * The dashboard in Chromium (/usr/bin/chromium, as the e2e suites) against the headless app with
 * `--days` of history (default 365, one scrape an hour: what the page fetches and draws is the
 * same as with 5-minute scrapes — series downsampled to at most 600 points, one bar a day):
 * 1. first draw: from navigation to every network chart painted, opening on "1 y";
 * 2. range change: from the click to every chart repainted, the mean of 30 d, All and 1 y;
 * 3. the network answer's share of the first draw (reported, not judged).
 * Each run opens a fresh browser context (no cache, no stored state).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { MS_PER_HOUR } from '../shared/defaults.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../test/e2e/support/browser.js';
import { buildRenderer } from '../test/e2e/support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from '../test/e2e/support/headless-app.js';
import { BenchUsageError, type Benchmark, type BenchmarkSession } from './runner.js';
import type { Figure } from './targets.js';

const figures: Figure[] = [
  { name: 'first-draw-ms', label: 'navigation to every network chart drawn, one year of history', unit: 'ms', better: 'lower', target: 500 },
  { name: 'range-change-ms', label: 'range change to every chart redrawn (mean of 30 d, All, 1 y)', unit: 'ms', better: 'lower', target: 100 },
  { name: 'network-answer-ms', label: 'navigation to the first network answer parsed and checked', unit: 'ms', better: 'lower' },
];

const RANGE_CHANGES = ['30d', 'all', '1y'] as const;

/*
 * The page-side code is passed as source text: this file is type-checked for Node, without the
 * DOM's types. The view writes `data-drawn-range` once every chart has painted a range.
 */
const OPEN_ON_YEAR = `window.localStorage.setItem('driveshare-graph.network-range', JSON.stringify({ preset: '1y' }))`;
const READ_MARKS = `(() => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
  return { answered: mark('driveshare:network-answer'), drawn: mark('driveshare:network-drawn') };
})()`;
/** Clicks a range button and resolves with the ms until every chart has repainted it. */
const timeRangeChange = (preset: string) => `new Promise((resolve, reject) => {
  const view = document.querySelector('[data-testid="network-view"]');
  const button = document.querySelector('[data-range="${preset}"]');
  if (view === null || button === null) return reject(new Error('network view or range button missing'));
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (view.getAttribute('data-drawn-range') !== '${preset}') return;
    observer.disconnect();
    resolve(performance.now() - started);
  });
  observer.observe(view, { attributes: true, attributeFilter: ['data-drawn-range'] });
  button.click();
})`;

/** One fresh context: opens on "1 y", reads the page's own marks, then changes the range three times. */
async function measure(browser: Browser, app: HeadlessApp): Promise<Record<string, number>> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    // Open on the year, as a returning user who chose it would.
    await context.addInitScript({ content: OPEN_ON_YEAR });
    const page = await context.newPage();
    await page.goto(`${app.url}/#/network`);
    await page.locator('[data-testid="network-view"][data-drawn-range="1y"]').waitFor({ timeout: 30_000 });
    // Marks count from the navigation's start.
    const marks = await page.evaluate<{ answered: number; drawn: number }>(READ_MARKS);
    let changes = 0;
    for (const preset of RANGE_CHANGES) changes += await page.evaluate<number>(timeRangeChange(preset));
    return { 'first-draw-ms': marks.drawn, 'range-change-ms': changes / RANGE_CHANGES.length, 'network-answer-ms': marks.answered };
  } finally {
    await context.close();
  }
}

async function open(args: string[]): Promise<BenchmarkSession> {
  const { values } = parseArgs({ args, options: { days: { type: 'string', default: '365' } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1) throw new BenchUsageError(`--days ${values.days}: must be a whole number of at least 1`);
  if (!chromiumAvailable) throw new Error(`${CHROMIUM_PATH} not found: the ui benchmark runs the dashboard in Debian's "chromium" package`);
  const rendererDir = await buildRenderer();
  console.log(`filling ${days} days of hourly history and building the dashboard…`);
  const app = await startHeadlessApp({ rendererDir, farmers: 60, days, stepMs: MS_PER_HOUR });
  let browser: Browser | null = null;
  try {
    await app.waitUntilFolded(600_000);
    browser = await launchChromium();
  } catch (error) {
    await app.close();
    rmSync(rendererDir, { recursive: true, force: true });
    throw error;
  }
  const opened = browser;
  return {
    run: () => measure(opened, app),
    async close() {
      await opened.close();
      await app.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

export const benchmark: Benchmark = { title: 'dashboard (ui) benchmark', figures, open };
