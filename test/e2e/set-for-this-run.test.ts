import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Settings } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import { chromiumAvailable, launchChromium, skipNotice } from './support/browser.js';
import { buildRenderer } from './support/renderer-build.js';
import { startHeadlessApp, type HeadlessApp } from './support/headless-app.js';
import { AppShell } from './pages/app-shell.js';

skipNotice('settings set for this run');

/**
 * `headless --interval 120` over a saved interval of 300: the run collects every 120 s and the
 * Settings form says the field was set for this run by --interval, rather than showing a value as
 * if it came from the form.
 */
describe.skipIf(!chromiumAvailable)('settings set on the command line for this run', () => {
  let app: HeadlessApp;
  let browser: Browser;

  beforeAll(async () => {
    const rendererDir = await buildRenderer();
    app = await startHeadlessApp({
      rendererDir,
      farmers: 20,
      days: 1,
      savedSettings: { intervalSeconds: 300 },
      intervalSeconds: 120,
      setForThisRun: [{ setting: 'intervalSeconds', option: '--interval', value: 120 }],
    });
    await app.waitUntilFolded();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('reports the option in the status and marks the field in the Settings form', async () => {
    const status = await app.getJson<Status>('/api/v1/status');
    expect(status.collector.intervalSeconds).toBe(120);
    expect(status.setForThisRun).toEqual([{ setting: 'intervalSeconds', option: '--interval', value: 120 }]);
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    try {
      const page = await context.newPage();
      await new AppShell(page, app.url).open('settings');
      const note = page.locator('[data-testid="override-intervalSeconds"]');
      await note.waitFor();
      expect(await note.innerText()).toBe('Set by --interval for this run: 120 seconds.');
      expect(await page.locator('[data-testid="setting-interval"]').inputValue()).toBe(String((await app.getJson<Settings>('/api/v1/settings')).intervalSeconds));
      // Fields the command line left alone carry no note.
      expect(await page.locator('[data-testid="override-retentionDays"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
