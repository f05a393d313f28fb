import type { Locator, Page } from 'playwright-core';

/** The alert channels card in Settings. */
export class AlertChannelsPage {
  constructor(readonly page: Page) {}

  channel(id: string): Locator {
    return this.page.locator(`[data-testid="alert-channel"][data-channel="${id}"]`);
  }

  /** Presses "Send test" and returns the message it reports. */
  async sendTest(id: string): Promise<string> {
    const channel = this.channel(id);
    await channel.locator('[data-testid="alert-channel-test"]').click();
    const result = channel.locator('[data-testid="alert-test-result"]');
    await result.waitFor();
    return result.innerText();
  }

  /** The line saying how the channels' secrets are kept. */
  secretsNote(): Locator {
    return this.page.locator('[data-testid="alert-secrets"]');
  }

  deliveryRows(): Locator {
    return this.page.locator('[data-testid="alert-delivery"]');
  }
}
