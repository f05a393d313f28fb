import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { NetworkPayload } from '../../shared/model/network.js';
import type { AddressListItem, SummaryRow } from '../../shared/model/address.js';
import type { Settings } from '../../shared/model/settings.js';
import { encodeAddress } from '../../shared/address.js';
import { formatDateTime, formatUtcDay, formatGigabytes, formatNumber, formatPercent, formatTerabytes, formatWithUnit } from '../../renderer/lib/format.js';
import { chromiumAvailable, launchChromium, screenshotPath, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell, type ViewName } from './pages/app-shell.js';
import { NetworkPage } from './pages/network-page.js';
import { AddressPage } from './pages/address-page.js';
import { SettingsPage } from './pages/settings-page.js';

skipNotice('dashboard');

describe.skipIf(!chromiumAvailable)('the dashboard against the headless app fed by the simulator', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shell: AppShell;

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({ rendererDir, farmers: 150, days: 20 });
    await app.waitUntilFolded();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    shell = new AppShell(page, app.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the dashboard figures with the numbers of /api/v1/network', async () => {
    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/network'));
    await shell.open('network');
    const payload = (await (await answered).json()) as NetworkPayload;
    const network = new NetworkPage(page);
    await network.waitDrawn('30d');

    // The page's request, asked again from outside, gives the same payload (nothing scrapes meanwhile).
    const url = new URL((await answered).url());
    expect(await app.getJson<NetworkPayload>(url.pathname + url.search)).toEqual(payload);
    expect(payload.asOf).not.toBeNull();

    // 2. average capacity per farmer and 6. average uptime of active farmers, plus the newest totals.
    expect(await network.stat('average-capacity')).toBe(formatGigabytes(payload.averageCapacityGB));
    expect(await network.stat('average-uptime')).toBe(formatPercent(payload.uptime.average));
    expect(await network.stat('total-storage')).toBe(formatTerabytes(payload.latest!.totalTB));
    expect(await network.stat('farmers-online')).toBe(formatNumber(payload.latest!.totalFarmers));

    // 1. total storage and 3. farmers over time: every downsampled point, oldest first like every table.
    const storage = await network.tableRows('storage');
    expect(storage).toHaveLength(payload.storage.length);
    expect(storage[0]).toEqual(
      [payload.storage[0]!].flatMap((point) => [
        formatDateTime(point.t),
        formatWithUnit(point.mean, 'TB', 2),
        formatWithUnit(point.min, 'TB', 2),
        formatWithUnit(point.max, 'TB', 2),
        formatWithUnit(point.last, 'TB', 2),
      ]),
    );
    const farmers = await network.tableRows('farmers');
    // Farmer counts are whole numbers ("992 farmers", not "992.00 farmers").
    expect(farmers.map((row) => row[4])).toEqual(payload.farmers.map((point) => formatWithUnit(point.last, 'farmers', 0)));

    const minMax = await network.tableRows('minmax');
    // 4. min/max farmers per day; the UTC day still running is marked.
    expect(minMax).toEqual(payload.minMaxPerDay.map((day) => [formatUtcDay(day.day, Date.now()), formatNumber(day.min), formatNumber(day.max)]));

    // 5. uptime histogram of active farmers: 20 buckets.
    const uptime = await network.tableRows('uptime');
    expect(uptime.map((row) => row[1])).toEqual(payload.uptime.histogram.map((count) => formatNumber(count)));

    // The heights histogram.
    const heights = await network.tableRows('heights');
    expect(heights.map((row) => row[1])).toEqual(payload.heights.map((bucket) => formatNumber(bucket.count)));

    expect(await shell.asOfText()).toContain(formatDateTime(payload.asOf));
  });

  it('does not shift the layout while the network view loads (skeletons hold the space)', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // Layout shifts are recorded from the very first paint, before the app's script runs.
    await fresh.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { e2eLayoutShifts: number[] }).e2eLayoutShifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const freshPage = await fresh.newPage();
    await freshPage.goto(`${app.url}/#/network`);
    await new NetworkPage(freshPage).waitDrawn('30d');
    const shifts = await freshPage.evaluate(() => (window as unknown as { e2eLayoutShifts: number[] }).e2eLayoutShifts);
    const cumulative = shifts.reduce((sum, value) => sum + value, 0);
    console.log(`[e2e] cumulative layout shift while loading the network view: ${cumulative.toFixed(4)}`);
    // 0.1 is the "good" threshold of the Core Web Vitals.
    expect(cumulative).toBeLessThan(0.1);
    await fresh.close();
  });

  it('redraws every chart for each range, asking the API for that window', async () => {
    await shell.open('network');
    const network = new NetworkPage(page);
    await network.waitDrawn();
    const spans = { '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
    for (const preset of ['24h', '7d', 'all', '30d'] as const) {
      const { payload, redrawMs } = await network.chooseRange(preset);
      console.log(`[e2e] range ${preset}: redrawn in ${redrawMs.toFixed(0)} ms (${payload.storage.length} points)`);
      if (preset in spans) expect(payload.range.to - payload.range.from).toBe(spans[preset as keyof typeof spans]);
      expect(await network.subtitle()).toContain(formatDateTime(payload.range.from));
      expect(await page.locator('[data-range].active').getAttribute('data-range')).toBe(preset);
    }
  });

  it('applies a custom range and refuses an inverted one with the reason', async () => {
    await shell.open('network');
    const network = new NetworkPage(page);
    await network.waitDrawn();
    const status = await app.getJson<{ collector: { lastScrape: { time: number } | null } }>('/api/v1/status');
    const newest = status.collector.lastScrape?.time ?? Date.now();
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

    await network.chooseCustomRange(local(newest), local(newest - 3 * 86_400_000));
    expect(await page.locator('.custom-range [role="alert"]').innerText()).toBe('The start must be before the end.');

    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/network'));
    await network.chooseCustomRange(local(newest - 3 * 86_400_000), local(newest));
    const requested = new URL((await answered).url());
    expect(requested.searchParams.get('from')).not.toBeNull();
    expect(requested.searchParams.get('to')).not.toBeNull();
    await page.locator('[data-testid="network-view"][data-drawn-range^="custom:"]').waitFor();
    await network.chooseRange('30d');
  });

  it('fetches a zoomed window at full detail and returns to the range on "Reset zoom"', async () => {
    await shell.open('network');
    const network = new NetworkPage(page);
    await network.waitDrawn('30d');
    const before = (await network.tableRows('storage')).length;
    const answered = page.waitForResponse((response) => response.url().includes('/api/v1/network'));
    await network.dragZoom('storage', 0.7, 0.95);
    const zoomed = (await (await answered).json()) as NetworkPayload;
    await page.locator('[data-testid="network-view"][data-drawn-range^="custom:"]').waitFor();
    expect(zoomed.range.to - zoomed.range.from).toBeLessThan(15 * 86_400_000);
    expect(await page.locator('[data-range="custom"]').getAttribute('aria-pressed')).toBe('true');
    // A narrower window at the same number of points: more points per day than the month had.
    const days = (zoomed.range.to - zoomed.range.from) / 86_400_000;
    expect(zoomed.storage.length / days).toBeGreaterThan(before / 30);

    await page.locator('[data-testid="chart-storage"]').getByRole('button', { name: 'Reset zoom' }).click();
    await network.waitDrawn('30d');
    expect(await page.locator('[data-range="30d"]').getAttribute('aria-pressed')).toBe('true');
  });

  it("looks up an address: exactly its /api/summary rows and facts, the same rows as CSV, the API link", async () => {
    const [top] = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=1');
    expect(top).toBeDefined();
    const expected = await app.getJson<SummaryRow[]>(`/api/summary/${top!.address}`);
    expect(expected.length).toBeGreaterThan(0);

    await shell.open('address');
    const address = new AddressPage(page);
    await address.lookup(top!.address);
    expect(await address.summaryRows()).toEqual(expected);
    expect(await address.fact('uptime-percent')).toBe(formatPercent(top!.uptimePercent));
    expect(await address.fact('online-state')).toBe(top!.onlineNow ? 'Online now' : 'Offline');
    expect(page.url()).toContain(`#/address/${top!.address}`);

    // CSV export: one line per summary row, the same numbers.
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="export-csv"]').click();
    const file = await (await download).path();
    // One CSV format: the dashboard's download is the API's, byte for byte.
    const apiCsv = await (await fetch(`${app.url}/api/v1/addresses/${top!.address}?format=csv&days=31`)).text();
    expect(readFileSync(file, 'utf8')).toBe(apiCsv);
    expect(apiCsv.trim().split('\r\n')).toHaveLength(expected.length + 1);

    // "Open in API" opens the same data on the local API in a new tab.
    const opened = context.waitForEvent('page');
    await page.locator('[data-testid="api-link"]').click();
    const apiPage = await opened;
    await apiPage.waitForLoadState();
    expect(apiPage.url()).toBe(`${app.url}/api/summary/${top!.address}`);
    expect(JSON.parse(await apiPage.locator('body').innerText())).toEqual(expected);
    await apiPage.close();
  });

  it('explains an invalid address while it is typed and when it is opened by link', async () => {
    const valid = encodeAddress(0x00, new Uint8Array(20).fill(42));
    const mistyped = valid.slice(0, -1) + (valid.endsWith('a') ? 'b' : 'a');

    await shell.open('address');
    const address = new AddressPage(page);
    await address.type(`${valid.slice(0, 10)}0OIl`);
    expect(await address.message()).toMatch(/^Invalid address: character "0" at position 11 is not base58/);
    expect(await address.submitDisabled()).toBe(true);
    await address.type(mistyped);
    // Flagged once the suggestions say no known address starts with it (not while they may still).
    await expect.poll(() => address.message()).toMatch(/^Invalid address: /);
    expect(await address.inputState()).toBe('invalid');
    await address.type(valid);
    expect(await address.message()).toBe('Valid address.');

    await shell.open('address', mistyped);
    expect(await page.locator('[data-testid="address-invalid"]').innerText()).toContain(mistyped);
  });

  it('works from the keyboard: skip link to the content, range buttons in reading order, visible focus', async () => {
    // A fresh load, so that focus starts at the top of the document (a hash change keeps it).
    await page.goto('about:blank');
    await shell.open('network');
    const network = new NetworkPage(page);
    await network.waitDrawn();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // From the content, Tab reaches the range buttons in reading order; Enter chooses one.
    let reached: string | null = null;
    for (let step = 0; step < 10 && reached !== '7d'; step++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-range') ?? null);
    }
    expect(reached).toBe('7d');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await network.waitDrawn('7d');
    await network.chooseRange('30d');
  });

  it('switches between light and dark, and follows the OS when set to system', async () => {
    await shell.open('settings');
    const settings = new SettingsPage(page);
    await settings.chooseTheme('dark');
    expect(await shell.theme()).toBe('dark');
    expect((await app.getJson<Settings>('/api/v1/settings')).theme).toBe('dark');
    await settings.chooseTheme('light');
    expect(await shell.theme()).toBe('light');
    await settings.chooseTheme('system');
    // The OS switch arrives as a media-query change event.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => shell.theme()).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => shell.theme()).toBe('light');
  });

  it('tests a source URL from the settings and says why an unreachable one fails', async () => {
    await shell.open('settings');
    const settings = new SettingsPage(page);
    await page.locator('[data-testid="setting-source"]').fill(app.simulator!.url);
    expect(await settings.testConnection()).toMatch(/^Reachable: [\d,]+ farmers online, [\d,.]+ TB, answered in [\d,]+ ms\.$/);
    await page.locator('[data-testid="setting-source"]').fill('http://127.0.0.1:9');
    expect(await settings.testConnection()).toMatch(/^Unreachable: .+/);
    // Testing changes nothing: the form is still unsaved.
    expect(await page.locator('[data-testid="settings-save"]').isEnabled()).toBe(true);
  });

  it('watches an address and stops watching it', async () => {
    const [top] = await app.getJson<AddressListItem[]>('/api/v1/addresses?limit=1');
    await shell.open('watched');
    await page.locator('[data-testid="watch-add"] [data-testid="address-input"]').fill(top!.address);
    await page.locator('[data-testid="watch-add"]').getByRole('button', { name: 'Watch' }).click();
    const item = page.locator(`[data-testid="watched-item"][data-address="${top!.address}"]`);
    await item.locator('[data-testid="watched-state"]', { hasText: top!.onlineNow ? 'Online' : 'Offline' }).waitFor();
    expect((await app.getJson<Settings>('/api/v1/settings')).watchedAddresses).toEqual([top!.address]);
    await item.getByRole('button', { name: `Stop watching ${top!.address}` }).click();
    await page.locator('[data-testid="watched-empty"]').waitFor();
    expect((await app.getJson<Settings>('/api/v1/settings')).watchedAddresses).toEqual([]);
  });

  it('refreshes the charts after a scrape without reloading the page', { timeout: 60_000 }, async () => {
    await shell.open('network');
    const network = new NetworkPage(page);
    await network.waitDrawn('30d');
    await page.evaluate(() => ((window as unknown as { e2eSamePage: boolean }).e2eSamePage = true));
    const asOfBefore = await shell.asOf();
    expect(asOfBefore).not.toBeNull();

    const outcome = await app.engine.collector!.scrapeNow();
    expect(outcome?.ok).toBe(true);
    // The drawn key names the payload's reference time: wait for charts drawn from the new scrape.
    await page.waitForFunction((time) => {
      const drawn = document.querySelector('[data-testid="network-view"]')?.getAttribute('data-drawn-key') ?? '';
      return drawn.includes(`@${time}#`);
    }, outcome!.time, { timeout: 30_000 });

    expect(await page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(true);
    expect(await shell.asOf()).toBe(outcome!.time);
  });

  it('saves a screenshot of every view, light and dark', { timeout: 120_000 }, async () => {
    const [top] = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=1');
    await shell.open('settings');
    await new SettingsPage(page).chooseTheme('system');
    const views: [ViewName, string | undefined][] = [['network', undefined], ['address', top!.address], ['watched', undefined], ['import', undefined], ['settings', undefined]];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [view, parameter] of views) {
        await shell.open(view, parameter);
        // Each view is captured once its data is in (never "network idle": the event stream stays open).
        const ready: Record<ViewName, string> = {
          network: '[data-testid="network-view"]:not([data-drawn-key=""])',
          address: '[data-testid="summary-table"]',
          watched: '[data-testid="watched-empty"], [data-testid="watched-item"]',
          import: '[data-testid="import-start"]',
          settings: '[data-testid="settings-form"]',
        };
        await page.locator(ready[view]).first().waitFor();
        if (view === 'address' && (await page.locator('[data-testid="watch-toggle"]').innerText()) === 'Watch') {
          // So that the watched view is captured with an entry, not its empty state.
          await page.locator('[data-testid="watch-toggle"]').click();
          await page.locator('[data-testid="watch-toggle"]', { hasText: 'Unwatch' }).waitFor();
        }
        await page.locator('[data-testid="collector-status"] .status-pill:not(:has-text("Connecting"))').waitFor();
        await expect.poll(() => shell.theme()).toBe(scheme);
        await page.screenshot({ path: screenshotPath(`${view}-${scheme}`), fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
