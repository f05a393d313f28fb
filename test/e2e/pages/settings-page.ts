import type { Page } from 'playwright-core';
import type { Theme } from '../../../shared/model/settings.js';

/** The settings view: the theme switch and the collector form. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async chooseTheme(theme: Theme): Promise<void> {
    const radio = this.page.locator(`[data-theme-option="${theme}"]`);
    await this.page.locator('[data-testid="theme-picker"] input:not([disabled])').first().waitFor({ state: 'attached' });
    if (await radio.isChecked()) return;
    const response = this.page.waitForResponse((candidate) => candidate.url().endsWith('/api/v1/settings') && candidate.request().method() === 'PUT');
    // The radio is visually hidden inside its label; clicking the label is what a person does.
    await this.page.locator('[data-testid="theme-picker"] label', { has: this.page.locator(`[data-theme-option="${theme}"]`) }).click();
    await response;
  }

  /** Presses "Test connection" and returns the verdict once it has arrived. */
  async testConnection(): Promise<string> {
    const response = this.page.waitForResponse((candidate) => candidate.url().endsWith('/api/v1/settings/test-source'));
    await this.page.locator('[data-testid="test-connection"]').click();
    await response;
    return this.page.locator('[data-testid="test-result"]').innerText();
  }
}
