import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { NetworkPayload } from '../../shared/model/network.js';
import { formatDateTime, formatFarmers, formatGigabytes, formatNumber, formatPercent, formatTerabytes } from '../../renderer/lib/format.js';
import { chromiumAvailable, launchChromium, screenshotPath, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell } from './pages/app-shell.js';
import { ImportPage } from './pages/import-page.js';
import { NetworkPage } from './pages/network-page.js';

/**
 * Issue 10, point 2: with the 2015 fixture imported next to live (demo) history, a custom range
 * over 2015-11-09..12 shows the 2015 figures the README states and says which moment they are of;
 * a live range's cards still show the newest.
 */
skipNotice('figures as of a past moment');
const FIXTURES = resolve('../shared/fixtures/driveshare-2015');
const fixturePresent = existsSync(resolve(FIXTURES, 'totalStorage.bson')) && existsSync(resolve(FIXTURES, 'network.db'));
if (!fixturePresent) console.log(`figures as of 2015 (e2e): SKIPPED, ${FIXTURES} (totalStorage.bson, network.db) is absent`);

const FROM_2015 = Date.UTC(2015, 10, 9);
const TO_2015 = Date.UTC(2015, 10, 12, 23, 59);
/** The minute of the fixture's newest reading (2015-11-12 18:14:55 UTC). */
const NEWEST_2015 = Date.UTC(2015, 10, 12, 18, 14);
const minuteOf = (time: number | null): number | null => (time === null ? null : Math.floor(time / 60_000) * 60_000);

describe.skipIf(!chromiumAvailable || !fixturePresent)('figures as of the end of the viewed range', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let shell: AppShell;
  let network: NetworkPage;

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({ rendererDir, farmers: 40, days: 1 });
    await app.waitUntilFolded();
    browser = await launchChromium();
    // UTC, so the custom range's inputs and the zone the page shows are the same everywhere.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'UTC' })).newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    shell = new AppShell(page, app.url);
    network = new NetworkPage(page);
    await shell.open('import');
    const importer = new ImportPage(page);
    await importer.importPath(FIXTURES);
    await importer.waitForState('done', 60_000);
    // The import lies behind the live history, so the job rebuilds; wait until it has.
    const query = `/api/v1/network?from=${new Date(FROM_2015).toISOString()}&to=${new Date(TO_2015).toISOString()}`;
    const deadline = Date.now() + 60_000;
    while (minuteOf((await app.getJson<NetworkPayload>(query)).figures.asOf) !== NEWEST_2015) {
      if (Date.now() > deadline) throw new Error('the 2015 figures did not appear within 60 s of the import');
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a custom range over 2015-11-09..12 shows the 2015 figures, as of 2015-11-12 18:14 UTC', async () => {
    await shell.open('network');
    await network.waitDrawn();
    await network.chooseCustomRange('2015-11-09 00:00', '2015-11-12 23:59');
    await network.waitDrawn(`custom:${FROM_2015}-${TO_2015}`, 30_000);
    expect(await network.stat('total-storage')).toBe(formatTerabytes(1475.59));
    expect(await network.stat('farmers-online')).toBe(formatNumber(326));
    expect(await network.stat('average-capacity')).toBe(formatGigabytes(4526.35));
    expect(await network.stat('average-uptime')).toBe(formatPercent(82.37));
    const asOf = formatDateTime(NEWEST_2015, 'utc');
    expect(asOf).toContain('2015-11-12 18:14');
    expect(await network.figuresNote()).toBe(`Figures as of ${asOf}, the last scrape in the range.`);
    expect(await network.statHint('total-storage')).toBe(`as of ${asOf}`);
    expect(await network.statHint('average-uptime')).toBe(`${formatFarmers(458)} seen in the 7-day window`);
    await page.screenshot({ path: screenshotPath('network-figures-2015-light'), fullPage: true });
  });

  it("a live range's cards still show the newest figures", async () => {
    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/network'));
    await page.locator('[data-range="24h"]').click();
    await network.waitDrawn('24h', 30_000);
    const payload = (await (await answered).json()) as NetworkPayload;
    expect(payload.figures.asOf).toBe(payload.asOf);
    expect(payload.latest!.time).toBeGreaterThan(NEWEST_2015);
    expect(await network.stat('farmers-online')).toBe(formatNumber(payload.latest!.totalFarmers));
    expect(await network.stat('average-uptime')).toBe(formatPercent(payload.uptime.average));
    expect(await network.figuresNote()).toBe(`Figures as of ${formatDateTime(payload.asOf, 'utc')}, the newest scrape.`);
  });
});
