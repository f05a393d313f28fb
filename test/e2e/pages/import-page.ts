import type { Page } from 'playwright-core';

/** The import view: path field, start and cancel, and the progress card. */
export class ImportPage {
  constructor(readonly page: Page) {}

  async importPath(path: string): Promise<void> {
    await this.page.locator('[data-testid="import-kind-path"]').check();
    await this.page.locator('[data-testid="import-path"]').fill(path);
    await this.page.locator('[data-testid="import-start"]').click();
  }

  progressState(): Promise<string | null> {
    return this.page.locator('[data-testid="import-progress"]').getAttribute('data-state');
  }

  async waitForState(state: 'running' | 'done' | 'failed' | 'cancelled', timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="import-progress"][data-state="${state}"]`).waitFor({ timeout });
  }

  count(name: 'imported' | 'skipped' | 'rejected'): Promise<string> {
    return this.page.locator(`[data-testid="import-${name}"]`).innerText();
  }

  /** "History from …": the dates the finished import brought. */
  broughtRange(): Promise<string> {
    return this.page.locator('[data-testid="import-range"]').innerText();
  }

  formError(): Promise<string> {
    return this.page.locator('[data-testid="import-error"]').innerText();
  }
}
