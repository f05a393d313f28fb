import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AddressListItem } from '../../shared/model/address.js';
import type { Heartbeat } from '../../shared/model/heartbeat.js';
import { cellTooltip } from '../../renderer/lib/heartbeat.js';
import { toNewScrape } from '../support/aggregation-fixtures.js';
import { chromiumAvailable, launchChromium, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell } from './pages/app-shell.js';
import { WatchedPage } from './pages/watched-page.js';
import { AlertChannelsPage } from './pages/alert-channels-page.js';

skipNotice('alerts');

const FIVE_MINUTES = 300_000;

/** A webhook receiver on 127.0.0.1 that answers every request with `status`. */
async function receiver(status: number, body: string): Promise<{ server: Server; url: string; requests: number }> {
  const state = { requests: 0 };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      state.requests += 1;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    server,
    url,
    get requests() {
      return state.requests;
    },
  };
}

describe.skipIf(!chromiumAvailable)('alerts in the dashboard against the headless app fed by the simulator', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shell: AppShell;
  let watched: string;

  async function put(body: unknown): Promise<void> {
    const response = await fetch(`${app.url}/api/v1/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).toBe(200);
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stores a scrape through the real ingest path: the simulator's newest farmer list, with or without `watched`. */
  async function scrape(time: number, listWatched: boolean): Promise<void> {
    const list = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=height&limit=1000');
    const farmers = list
      .filter((item) => listWatched || item.address !== watched)
      .map((item) => ({ address: item.address, payout: item.address, height: item.height ?? 1 }));
    await app.engine.rawStore.appendScrape(toNewScrape({ time, farmers, total: { totalTB: 1, totalFarmers: farmers.length } }));
    app.engine.hub.historyChanged();
  }

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({ rendererDir, farmers: 40, days: 2 });
    await app.waitUntilFolded();
    watched = (await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=height&limit=1'))[0]!.address;
    await put({ watchedAddresses: [watched] });
    await until(() => app.engine.context.db.prepare('SELECT 1 FROM event_nodes WHERE address = ?').get(watched) !== undefined, 'the watched address to be derived');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme: 'light', timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    shell = new AppShell(page, app.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a watched node going offline and back: live in its timeline, and in its heartbeat strip', async () => {
    await shell.open('watched');
    const watchedPage = new WatchedPage(page);
    await watchedPage.heartbeatCells(watched).nth(23).waitFor();
    expect(await watchedPage.heartbeatLabel(watched)).toMatch(/^Last 24 h: listed in \d+ of \d+ scrapes, \d+ h all listed/);

    const newest = app.engine.context.db.prepare<[], { t: number }>('SELECT MAX(time) AS t FROM scrapes').get()!.t;
    await scrape(newest + FIVE_MINUTES, false);
    await scrape(newest + 2 * FIVE_MINUTES, false);
    await scrape(newest + 3 * FIVE_MINUTES, true);

    // The events arrive over the live stream, newest first, in words.
    await until(async () => (await watchedPage.events(watched)).length >= 2, 'the live offline and online events');
    const [online, offline] = await watchedPage.events(watched);
    expect(online).toMatchObject({ kind: 'Back online', detail: expect.stringMatching(/^missing since \d{4}-\d\d-\d\d \d\d:\d\d UTC$/) });
    expect(offline).toMatchObject({ kind: 'Went offline', detail: expect.stringMatching(/^last seen \d{4}-\d\d-\d\d \d\d:\d\d UTC$/) });
    expect(online!.time).toMatch(/ UTC$/);
    expect(await watchedPage.latestEventKinds()).toEqual(expect.arrayContaining(['Back online', 'Went offline']));

    // The strip, refreshed after the fold, shows the hours of the misses as the API counts them.
    await page.reload();
    await watchedPage.chooseSpan(watched, 168);
    const heartbeat = await app.getJson<Heartbeat>(`/api/v1/addresses/${watched}/heartbeat?hours=168`);
    const missed = heartbeat.cells.filter((cell) => cell.scrapes > 0 && cell.listed < cell.scrapes);
    expect(missed.length).toBeGreaterThan(0);
    const cells = watchedPage.heartbeatCells(watched);
    expect(await cells.count()).toBe(168);
    for (const cell of missed) {
      const index = heartbeat.cells.indexOf(cell);
      expect(await cells.nth(index).getAttribute('title')).toBe(cellTooltip(cell, 'UTC'));
      expect(await cells.nth(index).getAttribute('data-tone')).toBe(cell.listed === 0 ? 'none' : 'some');
    }
    // Hours without a stored scrape are drawn as gaps, never as "offline".
    const gaps = heartbeat.cells.map((cell, index) => [cell, index] as const).filter(([cell]) => cell.scrapes === 0);
    expect(gaps.length).toBeGreaterThan(0);
    expect(await cells.nth(gaps[0]![1]).getAttribute('data-tone')).toBe('gap');
  }, 120_000);

  it('an address watched from the page shows its heartbeat once its history is derived, without a reload', async () => {
    const [, second] = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=height&limit=2');
    await shell.open('watched');
    await page.locator('[data-testid="watch-add"] [data-testid="address-input"]').fill(second!.address);
    await page.locator('[data-testid="watch-add"]').getByRole('button', { name: 'Watch' }).click();
    const watchedPage = new WatchedPage(page);
    await watchedPage.heartbeatCells(second!.address).nth(23).waitFor({ timeout: 30_000 });
    expect(await watchedPage.heartbeatLabel(second!.address)).toMatch(/^Last 24 h: listed in [1-9]\d* of \d+ scrapes/);
  }, 120_000);

  it('"Send test" reports a delivery, and the exact failure of a receiver answering 500', async () => {
    const good = await receiver(204, '');
    const bad = await receiver(500, 'receiver exploded');
    try {
      await put({
        alertChannels: [
          { id: 'good', name: 'Good hook', enabled: true, rules: ['offline'], kind: 'webhook', url: good.url },
          { id: 'bad', name: 'Bad hook', enabled: true, rules: ['offline'], kind: 'webhook', url: bad.url },
        ],
      });
      // The channels were saved from outside the page, whose settings were read at its start: load it anew.
      await shell.open('settings');
      await page.reload();
      await page.locator('[data-testid="alert-channel"]').first().waitFor();
      const channels = new AlertChannelsPage(page);
      // Headless keeps them in clear: said as a warning beside the channels, not left to be assumed.
      expect(await channels.secretsNote().innerText()).toMatch(/^Secrets \(webhook URLs, tokens, passwords\) are stored in clear, .*headless, there is no key store\.$/);
      expect(await channels.secretsNote().getAttribute('class')).toContain('tone-warning');
      expect(await channels.sendTest('good')).toMatch(/^Test delivered in \d+ ms\.$/);
      expect(good.requests).toBe(1);
      expect(await channels.sendTest('bad')).toBe('Test failed: HTTP 500 Internal Server Error: receiver exploded');
      expect(bad.requests).toBe(1);
      await until(async () => (await channels.deliveryRows().count()) >= 2, 'the delivery log to show both tests');
      const rows = await channels.deliveryRows().allInnerTexts();
      expect(rows[0]).toMatch(/Bad hook.*test-failed.*HTTP 500/s);
      expect(rows[1]).toMatch(/Good hook.*test-delivered/s);
    } finally {
      good.server.close();
      bad.server.close();
    }
  }, 120_000);
});
