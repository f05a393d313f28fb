import type { Locator, Page } from 'playwright-core';

export type ViewName = 'network' | 'address' | 'watched' | 'import' | 'settings';

/** The frame around every view: sidebar navigation, the collector line, the theme on <html>. */
export class AppShell {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(view: ViewName, parameter?: string): Promise<void> {
    const hash = parameter === undefined ? `#/${view}` : `#/${view}/${encodeURIComponent(parameter)}`;
    await this.page.goto(`${this.baseUrl}/${hash}`);
    await this.page.locator(`[data-testid="${view}-view"]`).waitFor();
  }

  async navigate(view: ViewName): Promise<void> {
    await this.page.locator(`[data-nav="${view}"]`).click();
    await this.page.locator(`[data-testid="${view}-view"]`).waitFor();
  }

  theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }

  asOfText(): Promise<string> {
    return this.page.locator('[data-testid="as-of"]').innerText();
  }

  /** The reference time the header shows, as epoch ms (from its <time datetime>), or null. */
  async asOf(): Promise<number | null> {
    const datetime = await this.page.locator('[data-testid="as-of"] time').getAttribute('datetime', { timeout: 5_000 }).catch(() => null);
    return datetime === null ? null : Date.parse(datetime);
  }

  /** The header's demo-backfill line ("Filling 30 days of demo history: 42 % · …"). */
  backfillProgress(): Locator {
    return this.page.locator('[data-testid="backfill-progress"]');
  }

  collectorState(): Promise<string | null> {
    return this.page.locator('[data-testid="collector-status"]').getAttribute('data-state');
  }
}
