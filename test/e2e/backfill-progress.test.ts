import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, screenshotPath, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell } from './pages/app-shell.js';

skipNotice('backfill progress');

/** Long enough to fill that the page opens while it runs: a few seconds even on a fast machine. */
const FARMERS = 3_000;
const DAYS = 5;

describe.skipIf(!chromiumAvailable)('the demo backfill in the dashboard', () => {
  let browser: Browser | undefined;
  let app: HeadlessApp | undefined;

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the backfill\'s progress live in the header while it runs, and drops it once the history is filled', async () => {
    const rendererDir = await buildRenderer();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    let dashboard: (url: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => (dashboard = resolve));
    const starting = startHeadlessApp({ rendererDir, farmers: FARMERS, days: DAYS, onApiStarted: (url) => dashboard(url) });
    const shell = new AppShell(page, await listening);
    await shell.open('network');

    const line = shell.backfillProgress();
    await line.waitFor({ timeout: 30_000 });
    const first = await line.innerText();
    expect(first).toMatch(new RegExp(`^Filling (in demo history…|${DAYS} days of demo history: \\d+ %( · about \\d+ (s|min) left)?)$`));
    expect(await shell.collectorState()).toBe('backfilling');
    await page.screenshot({ path: screenshotPath('backfill-progress') });
    // Pushed as it goes: the share grows without a reload.
    const percent = async (): Promise<number> => Number(/(\d+) %/.exec(await line.innerText().catch(() => ''))?.[1] ?? -1);
    const seen = await percent();
    await expect.poll(percent, { timeout: 60_000 }).not.toBe(seen);

    app = await starting;
    await line.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await shell.collectorState()).not.toBe('backfilling');
  }, 180_000);
});
