import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AddressListItem } from '../../shared/model/address.js';
import { MIN_LAYOUT_WIDTH_PX } from '../../shared/defaults.js';
import { chromiumAvailable, launchChromium, screenshotPath, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell, type ViewName } from './pages/app-shell.js';
import { SettingsForm } from './pages/settings-page.js';
import { Layout } from './pages/layout.js';
import { NetworkPage } from './pages/network-page.js';
import { AddressPage } from './pages/address-page.js';
import { TimeChart } from './pages/time-chart.js';

skipNotice('layout and settings');

const VIEWS: ViewName[] = ['network', 'address', 'watched', 'import', 'settings'];
const TITLES: Record<ViewName, string> = {
  network: 'Network · driveshare-graph',
  address: 'Address lookup · driveshare-graph',
  watched: 'Watched · driveshare-graph',
  import: 'Import · driveshare-graph',
  settings: 'Settings · driveshare-graph',
};

describe.skipIf(!chromiumAvailable)('layout, time zones, settings form and small things of the dashboard', () => {
  let app: HeadlessApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shell: AppShell;
  let layout: Layout;

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({ rendererDir, farmers: 60, days: 2 });
    await app.waitUntilFolded();
    // Watch two addresses, so Watched is laid out with entries, not its empty state.
    const top = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=2');
    app.engine.context.settings.update({ watchedAddresses: top.map((item) => item.address) });
    browser = await launchChromium();
    // Los Angeles, the case: late evening there is already the next UTC day.
    context = await browser.newContext({ viewport: { width: 1024, height: 800 }, colorScheme: 'light', timezoneId: 'America/Los_Angeles' });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    shell = new AppShell(page, app.url);
    layout = new Layout(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('moves focus to the content with the skip link and keeps the view; each view has its title', async () => {
    for (const view of VIEWS) {
      await page.goto('about:blank');
      await shell.open(view);
      expect(await page.title()).toBe(TITLES[view]);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // The network view keeps its range in the address (#/network/30d): still the same view.
      expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/${view}(/[^/]+)?$`));
      expect(await page.locator(`[data-testid="${view}-view"]`).count()).toBe(1);
    }
  });

  it('keeps the network range in the address, so it can be bookmarked', async () => {
    await page.goto(`${app.url}/#/network/7d`);
    const network = new NetworkPage(page);
    await network.waitDrawn('7d');
    await network.chooseRange('24h');
    expect(new URL(page.url()).hash).toBe('#/network/24h');
    // A custom window inside the two days of history, whole minutes as the address writes them.
    const to = Math.floor((Date.now() - 6 * 3_600_000) / 60_000) * 60_000;
    const from = to - 12 * 3_600_000;
    await page.goto(`${app.url}/#/network/${new Date(from).toISOString()}..${new Date(to).toISOString()}`);
    await network.waitDrawn(`custom:${from}-${to}`);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/network/${new Date(from).toISOString().replace(':00.000Z', 'Z')}..${new Date(to).toISOString().replace(':00.000Z', 'Z')}`);
    await network.chooseRange('30d');
  });

  it('shows every time with its zone, and switches between local and UTC', async () => {
    await shell.open('settings');
    const form = new SettingsForm(page);
    await form.chooseZone('local');
    const asOf = await shell.asOf();
    expect(asOf).not.toBeNull();
    const inZone = (timeZone: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(asOf!);
    expect(await shell.asOfText()).toMatch(new RegExp(`${inZone('America/Los_Angeles')} P[SD]T$`));
    await form.chooseZone('utc');
    expect(await shell.asOfText()).toMatch(new RegExp(`${inZone('UTC')} UTC$`));

    // The custom range takes and shows YYYY-MM-DD HH:mm in the chosen zone, and says which.
    await shell.open('network');
    await page.locator('[data-range="custom"]').click();
    expect(await page.locator('[data-testid="range-to"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await page.locator('.custom-range label').first().innerText()).toContain('(UTC)');
    await page.locator('[data-testid="range-from"]').fill('2015-13-01 00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await page.locator('.custom-range [role="alert"]').innerText()).toBe('Start: 2015-13-01 00:00 is not a date on the calendar.');
    await page.keyboard.press('Escape');

    await shell.open('settings');
    await form.chooseZone('local');
    expect(await shell.asOfText()).toMatch(/ P[SD]T$/);
  });

  it('labels the time axes in the chosen zone and names it', async () => {
    const network = new NetworkPage(page);
    const storage = new TimeChart(page, 'storage');
    const clock = (timeZone: string, time: number) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(time);
    await shell.open('settings');
    await new SettingsForm(page).chooseZone('utc');
    await page.goto(`${app.url}/#/network/24h`);
    await network.waitDrawn('24h');
    await expect.poll(async () => (await storage.timeAxis()).title).toBe('UTC');
    const utc = await storage.timeAxis();
    const first = utc.ticks[0]!;
    // An hour's tick of a 24-hour window: on a whole UTC hour, labelled with UTC's clock, not Los Angeles'.
    expect(first.value % 3_600_000).toBe(0);
    expect(first.label).toBe(clock('UTC', first.value));
    expect(first.label).not.toBe(clock('America/Los_Angeles', first.value));

    await shell.open('settings');
    await new SettingsForm(page).chooseZone('local');
    await page.goto(`${app.url}/#/network/24h`);
    await network.waitDrawn('24h');
    await expect.poll(async () => (await storage.timeAxis()).title).toMatch(/^P[SD]T$/);
    const local = (await storage.timeAxis()).ticks[0]!;
    expect(local.label).toBe(clock('America/Los_Angeles', local.value));
    expect(local.label).not.toBe(first.label);
  });

  it('checks settings as they are typed, says what blocks Save, and clears a fixed field', async () => {
    await shell.open('settings');
    const form = new SettingsForm(page);
    expect(await form.saveEnabled()).toBe(false);
    expect(await form.saveBlocker()).toBe('Nothing to save: every field matches the saved settings.');

    await form.type('setting-interval', '5');
    expect(await form.problem('intervalSeconds')).toBe('At least 10 seconds');
    expect(await form.saveEnabled()).toBe(false);
    expect(await form.saveBlocker()).toBe('Cannot save yet: fix Scrape interval (see the message above).');
    await form.type('setting-source', 'ftp://status.example.org');
    expect(await form.problem('sourceUrl')).toBe('Enter a URL starting with http:// or https://');
    expect(await form.saveBlocker()).toBe('Cannot save yet: fix Status server URL, Scrape interval (see the messages above).');

    await form.type('setting-interval', '3600');
    await form.type('setting-source', app.simulator!.url);
    expect(await form.problem('intervalSeconds')).toBeNull();
    expect(await form.problem('sourceUrl')).toBeNull();
    expect(await form.saveBlocker()).toBe('Nothing to save: every field matches the saved settings.');

    // A source whose test just failed is not saved without asking.
    await form.type('setting-source', 'http://127.0.0.1:9');
    expect(await form.saveEnabled()).toBe(true);
    const tested = page.waitForResponse((response) => response.url().endsWith('/api/v1/settings/test-source'));
    await page.locator('[data-testid="test-connection"]').click();
    await tested;
    await page.locator('[data-testid="settings-save"]').click();
    expect(await page.locator('[data-testid="confirm-source"]').innerText()).toMatch(/^The last test of this URL failed: .+ Save it anyway\?/);
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await form.type('setting-source', app.simulator!.url);
    expect(await page.locator('[data-testid="confirm-source"]').count()).toBe(0);

    // The test app serves on a free port (as `--port 0` does), not the saved one: said next to the field.
    const port = new URL(app.url).port;
    expect(await page.locator('[data-testid="override-apiPort"]').innerText()).toBe(`Set by --port for this run: this page is served on port ${port}.`);

    // The desktop switches are there; in a browser they are off, with the reason.
    expect(await page.locator('[data-testid="setting-notifications"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="setting-open-at-login"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="desktop-only"]').innerText()).toBe('Only the desktop app can do this; this page is open in a browser.');
  });

  it('ranks top farmers among recently active addresses by default; the switch includes all', async () => {
    await shell.open('address');
    const list = page.locator('[data-testid="top-farmers"]');
    const shown = () => list.locator('tbody tr td:nth-child(2)').evaluateAll((cells) => cells.map((cell) => cell.querySelector('[data-address]')?.getAttribute('data-address') ?? null));
    const ranked = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=25&scope=ranked');
    await list.locator('tbody tr').first().waitFor();
    expect(await shown()).toEqual(ranked.map((item) => item.address));
    expect(await list.locator('[data-testid="top-scope"]').innerText()).toContain('seen in the last 7 days and observed for at least 24 h');

    const all = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=25&scope=all');
    const answered = page.waitForResponse((response) => response.url().includes('scope=all'));
    await list.locator('[data-testid="top-include-all"]').check();
    await answered;
    await expect.poll(shown).toEqual(all.map((item) => item.address));
  });

  it('does not flag a prefix of a known address while it is typed; the lookup shows 31, 90 or 365 days', async () => {
    const [top] = await app.getJson<AddressListItem[]>('/api/v1/addresses?sort=points&limit=1');
    await shell.open('address');
    const address = new AddressPage(page);
    await address.type(top!.address.slice(0, 8));
    await expect.poll(() => address.message()).toMatch(/^Keep typing, or pick one of the \d+ known addresses starting with this\.$/);
    expect(await address.inputState()).toBe('typing');

    await address.lookup(top!.address);
    expect(await page.locator('[data-testid="summary-window"]').innerText()).toMatch(/^The 31 UTC days up to yesterday, oldest first;.* Today \(\d{4}-\d{2}-\d{2} UTC\) is not finished and not included\.$/);
    const asked = page.waitForResponse((response) => response.url().includes(`/api/v1/addresses/${top!.address}?days=365`));
    await page.locator('[data-testid="summary-days"]').selectOption('365');
    await asked;
    await expect.poll(() => page.locator('[data-testid="summary-window"]').innerText()).toMatch(/^The 365 UTC days/);
    expect(await page.locator('[data-testid="api-link"]').getAttribute('href')).toBe(`${app.url}/api/v1/addresses/${top!.address}?days=365`);
  });

  it('has no page-level horizontal scroll at 360 px on any view; the custom range stays on screen', { timeout: 120_000 }, async () => {
    // The desktop window's minimum width (main-window.ts) is the width checked here.
    await page.setViewportSize({ width: MIN_LAYOUT_WIDTH_PX, height: 780 });
    for (const view of VIEWS) {
      await shell.open(view);
      await layout.waitReady(view);
      const overflow = await layout.horizontalOverflow();
      expect(overflow, `${view} at 360 px is wider than the window by ${overflow} px: ${(await layout.widestElements()).join(', ')}`).toBeLessThanOrEqual(0);
    }
    // The four headline figures are shown whole, not cut off with an ellipsis.
    await shell.open('network');
    await layout.waitReady('network');
    expect(await layout.clippedTexts('.stat-value')).toEqual([]);
    await shell.open('network');
    await page.locator('[data-range="custom"]').click();
    expect(await layout.insideViewport('.custom-range')).toBe(true);
    expect(await layout.horizontalOverflow()).toBeLessThanOrEqual(0);
    // Choosing a preset closes the popover (the screenshots that follow show the plain view).
    await page.locator('[data-range="30d"]').click();
    await page.locator('.custom-range').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1024, height: 800 });
  });

  it('saves screenshots of every view at 360, 1,024 and 1,400 px, light and dark; Watched shows its facts whole', { timeout: 300_000 }, async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [360, 1024, 1400]) {
        await page.setViewportSize({ width, height: 900 });
        for (const view of VIEWS) {
          await shell.open(view);
          await layout.waitReady(view);
          if (view === 'watched') {
            await page.locator('[data-testid="watched-state"]:not(:has-text("Checking"))').first().waitFor();
            expect(await layout.clippedTexts('.watch-facts dd'), `watched at ${width} px`).toEqual([]);
          }
          await page.screenshot({ path: screenshotPath(`${view}-${width}-${scheme}`), fullPage: true });
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
