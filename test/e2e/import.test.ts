import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ImportProgress } from '../../shared/model/import.js';
import type { NetworkPayload } from '../../shared/model/network.js';
import { formatDateTime, formatNumber } from '../../renderer/lib/format.js';
import { stretchLabel } from '../../renderer/lib/range.js';
import { bsonDump, farmersDocument, scratchDir, totalStorageDocument } from '../support/import-fixtures.js';
import { chromiumAvailable, launchChromium, screenshotPath, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell } from './pages/app-shell.js';
import { ImportPage } from './pages/import-page.js';
import { NetworkPage } from './pages/network-page.js';

skipNotice('import');

/** Two days of the original's collections, every five minutes, eight farmers: a small mongodump. */
const SCRAPES = 2 * 288;

describe.skipIf(!chromiumAvailable)('importing history from the dashboard', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let page: Page;
  let shell: AppShell;
  const scratch = scratchDir('driveshare-e2e-dump-');
  const dumpDir = join(scratch.dir, 'dump', 'GroupB');

  beforeAll(async () => {
    mkdirSync(dumpDir, { recursive: true });
    writeFileSync(join(dumpDir, 'farmers.bson'), bsonDump(Array.from({ length: SCRAPES }, (_, index) => farmersDocument(index, 8))));
    writeFileSync(join(dumpDir, 'totalStorage.bson'), bsonDump(Array.from({ length: SCRAPES }, (_, index) => totalStorageDocument(index))));
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({ rendererDir, unreachableSource: true });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    shell = new AppShell(page, app.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    scratch.cleanup();
  });

  it('says the source is unreachable, with the reason, while the store is empty', async () => {
    await shell.open('network');
    const unreachable = page.locator('[data-testid="network-unreachable"]');
    await unreachable.waitFor({ timeout: 20_000 });
    expect(await unreachable.innerText()).toMatch(/No scrape has succeeded yet: .+/);
    expect(await unreachable.getByRole('link', { name: 'Settings' }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('network-unreachable-light'), fullPage: true });
  });

  it('refuses an empty path with the reason, before asking the engine', async () => {
    await shell.open('import');
    await page.locator('[data-testid="import-start"]').click();
    expect(await new ImportPage(page).formError()).toMatch(/^Enter the path/);
  });

  it('imports a small generated mongodump, shows progress and counts, then the data', async () => {
    await shell.open('import');
    const importer = new ImportPage(page);
    await importer.importPath(join(scratch.dir, 'dump'));
    await page.locator('[data-testid="import-progress"] [role="progressbar"]').waitFor();
    await importer.waitForState('done', 60_000);
    expect(await importer.count('imported')).not.toBe('0');
    expect(await importer.count('rejected')).toBe('0');
    await page.screenshot({ path: screenshotPath('import-done-light'), fullPage: true });

    await app.waitUntilFolded();
    // A scrape's time is its farmers document's time (the totals document is paired with it).
    const newest = (farmersDocument(SCRAPES - 1, 8).time as Date).getTime();
    // The import read farmers and totals documents: its range runs from the first to the last of them.
    const brought = (await app.getJson<ImportProgress>('/api/v1/imports/current')).range!;
    expect(brought.from).toBeLessThanOrEqual((farmersDocument(0, 8).time as Date).getTime());
    expect(brought.to).toBeGreaterThanOrEqual(newest);
    expect(brought.to - brought.from).toBeLessThan(2 * 86_400_000);
    const answered = page.waitForResponse(async (response) => {
      if (!response.url().includes('/api/v1/network')) return false;
      return ((await response.json()) as NetworkPayload).range.from === brought.from;
    });
    // The result names the dates the dump brought and shows exactly those (not the last 30 days).
    expect(await importer.broughtRange()).toBe(`History from ${stretchLabel(brought)}`);
    const show = page.getByRole('link', { name: `Show ${stretchLabel(brought)} →` });
    await show.click();
    const network = new NetworkPage(page);
    await network.waitDrawn(`custom:${brought.from}-${brought.to}`, 30_000);
    const payload = (await (await answered).json()) as NetworkPayload;
    expect(payload.range).toEqual(brought);
    expect(payload.asOf).toBe(newest);
    expect(await shell.asOfText()).toContain(formatDateTime(newest));
    expect(await network.stat('farmers-online')).toBe(formatNumber(payload.latest!.totalFarmers));
    expect(payload.latest!.totalFarmers).toBe(totalStorageDocument(SCRAPES - 1).total_farmers.value);
  });
});
