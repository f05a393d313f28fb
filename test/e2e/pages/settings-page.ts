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

export type SettingsField = 'sourceUrl' | 'intervalSeconds' | 'retentionDays' | 'scrapeLogRetentionDays' | 'apiPort' | 'dataDir';

/** The collector form as a person fills it in: a field, the message beside it, Save and why it is off. */
export class SettingsForm {
  constructor(readonly page: Page) {}

  async type(testId: 'setting-source' | 'setting-interval', text: string): Promise<void> {
    await this.page.locator(`[data-testid="${testId}"]`).fill(text);
  }

  /** The message next to a field while it is invalid, or null once it is fine. */
  async problem(field: SettingsField): Promise<string | null> {
    const message = this.page.locator(`[data-testid="problem-${field}"]`);
    return (await message.count()) === 0 ? null : message.innerText();
  }

  saveEnabled(): Promise<boolean> {
    return this.page.locator('[data-testid="settings-save"]').isEnabled();
  }

  async saveBlocker(): Promise<string | null> {
    const blocker = this.page.locator('[data-testid="save-blocker"]');
    return (await blocker.count()) === 0 ? null : blocker.innerText();
  }

  async chooseZone(zone: 'local' | 'utc'): Promise<void> {
    await this.page.locator('[data-testid="zone-picker"] label', { has: this.page.locator(`[data-zone-option="${zone}"]`) }).click();
  }
}
