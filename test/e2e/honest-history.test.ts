import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../shared/defaults.js';
import type { AddressListItem } from '../../shared/model/address.js';
import type { NetworkPayload } from '../../shared/model/network.js';
import type { Status } from '../../shared/model/status.js';
import { formatDateTime } from '../../renderer/lib/format.js';
import { chromiumAvailable, launchChromium, screenshotPath, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell } from './pages/app-shell.js';
import { NetworkPage } from './pages/network-page.js';
import { TimeChart, type DrawnPoint } from './pages/time-chart.js';

skipNotice('honest history');

const OLD_ENDS_DAYS_AGO = 40;

/** The breaks (null points) of a drawn line. */
const breaks = (line: DrawnPoint[]) => line.filter((point) => point.y === null);

/**
 * What the dashboard shows must be what the store holds: a store with two stretches of history
 * (a day that ended 40 days ago and the last two days) draws two segments, live ranges follow each
 * scrape, a pan loads what comes into view, and a failing collector is called failing.
 */
describe.skipIf(!chromiumAvailable)('the dashboard shows only what happened', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let shell: AppShell;
  let network: NetworkPage;
  const storage = () => new TimeChart(page, 'storage');

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({
      rendererDir,
      farmers: 40,
      days: 2,
      olderHistory: [{ endsDaysAgo: OLD_ENDS_DAYS_AGO, days: 1, stepMs: 30 * MS_PER_MINUTE }],
    });
    await app.waitUntilFolded();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' })).newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    shell = new AppShell(page, app.url);
    network = new NetworkPage(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('draws two separate segments for two stretches of history, with the coverage strip and a link to each', async () => {
    await shell.open('network');
    await network.waitDrawn();
    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/network'));
    await page.locator('[data-range="all"]').click();
    const payload = (await (await answered).json()) as NetworkPayload;
    await network.waitDrawn('all');
    expect(payload.coverage).toHaveLength(2);
    const [older, recent] = payload.coverage as [NetworkPayload['coverage'][0], NetworkPayload['coverage'][0]];

    // Band (max, min) and mean each break exactly once, between the two stretches; nothing else is null.
    for (const line of await storage().datasets()) {
      expect(breaks(line)).toHaveLength(1);
      const gap = breaks(line)[0]!.x;
      expect(gap).toBeGreaterThan(older.to - MS_PER_DAY);
      expect(gap).toBeLessThan(recent.from + MS_PER_DAY);
      expect(line.filter((point) => point.y !== null && point.x > older.to && point.x < recent.from - MS_PER_DAY)).toEqual([]);
    }
    const strip = await storage().coverageSpans();
    expect(strip.map(({ from, to }) => ({ from, to }))).toEqual(payload.coverage);
    expect(strip.every((span) => span.width >= 2)).toBe(true);

    const links = page.locator('[data-testid="history-link"]');
    expect(await links.allInnerTexts()).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}( – \d{4}-\d{2}-\d{2})? UTC$/), expect.stringMatching(/^\d{4}-\d{2}-\d{2} UTC – now$/)]);
    await page.screenshot({ path: screenshotPath('history-two-stretches-light'), fullPage: true });

    const jumped = page.waitForResponse((response) => response.url().includes('/api/v1/network'));
    await links.first().click();
    const old = (await (await jumped).json()) as NetworkPayload;
    await network.waitDrawn(`custom:${old.range.from}-${old.range.to}`);
    expect(old.range).toEqual(older);
    expect(await storage().coverageSpans()).toHaveLength(1);
    expect((await storage().datasets()).every((line) => breaks(line).length === 0)).toBe(true);
  });

  it('ends a live range at the newest scrape and follows the next one: the last point is the "as of"', { timeout: 60_000 }, async () => {
    await page.locator('[data-range="24h"]').click();
    await network.waitDrawn('24h');
    const outcome = await app.engine.collector!.scrapeNow();
    expect(outcome?.ok).toBe(true);
    await page.waitForFunction((time) => (document.querySelector('[data-testid="network-view"]')?.getAttribute('data-drawn-key') ?? '').includes(`@${time}#`), outcome!.time, {
      timeout: 30_000,
    });
    expect(await shell.asOf()).toBe(outcome!.time);
    const mean = (await storage().datasets())[2]!;
    expect(mean.at(-1)!.x).toBe(outcome!.time);
    expect((await storage().visibleWindow()).to).toBe(outcome!.time);
  });

  it('loads what a Shift-drag pan brings into view', async () => {
    const before = await storage().visibleWindow();
    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/network') && response.url().includes('from='));
    // Dragging the plot to the right shows earlier hours, down to the start of the stored history.
    await storage().shiftDrag(0.3, 0.8);
    const panned = (await (await answered).json()) as NetworkPayload;
    await network.waitDrawn(`custom:${panned.range.from}-${panned.range.to}`);
    expect(panned.range.from).toBeLessThan(before.from - 60 * MS_PER_MINUTE);
    expect(panned.range.to - panned.range.from).toBeCloseTo(before.to - before.from, -4);
    expect(await storage().visibleWindow()).toEqual(panned.range);
    const mean = (await storage().datasets())[2]!;
    expect(mean[0]!.x).toBeLessThan(before.from);
    expect(await page.locator('[data-testid="chart-storage"]').getByRole('button', { name: 'Reset zoom' }).count()).toBe(1);
  });

  it('turns the badge red after three failed scrapes, with the whole reason, and says the data is stale', { timeout: 90_000 }, async () => {
    const [top] = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=1');
    app.engine.context.settings.update({ sourceUrl: 'http://127.0.0.1:9' });
    for (let attempt = 0; attempt < 3; attempt++) expect((await app.engine.collector!.scrapeNow())?.ok).toBe(false);

    await shell.open('network');
    const pill = page.locator('[data-testid="collector-status"] .status-pill');
    await page.locator('[data-testid="collector-status"] .status-pill:has-text("Failing")').waitFor({ timeout: 20_000 });
    expect(await pill.getAttribute('class')).toContain('tone-error');
    await page.locator('[data-testid="last-error-summary"]').click();
    const full = page.locator('[data-testid="last-error-full"]');
    expect(await full.isVisible()).toBe(true);
    const status = await app.getJson<Status>('/api/v1/status');
    const reason = status.collector.lastError!.errorMessage!;
    expect(await full.innerText()).toContain(reason);
    const banner = page.locator('[data-testid="stale-banner"]');
    const since = formatDateTime(status.jobs.foldedThrough!);
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+/);
    expect(await banner.innerText()).toBe(`Data is stale since ${since}: ${reason}`);
    await page.screenshot({ path: screenshotPath('collector-failing-light'), fullPage: true });

    // Watched: the banner, and a row whose newest scrape is older than two intervals says "Stale".
    app.engine.context.settings.update({ intervalSeconds: 10, watchedAddresses: [top!.address] });
    await shell.open('watched');
    // Settings changed behind the page's back: load them as a new start would.
    await page.reload();
    expect(await page.locator('[data-testid="stale-banner"]').innerText()).toMatch(/^Data is stale since /);
    await page.locator('[data-testid="watched-state"]:has-text("Stale")').waitFor({ timeout: 40_000 });
  });
});
