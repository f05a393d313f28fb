import type { Locator, Page } from 'playwright-core';

/** One watched address's card: its heartbeat strip and its events timeline. */
export class WatchedPage {
  constructor(readonly page: Page) {}

  item(address: string): Locator {
    return this.page.locator(`[data-testid="watched-item"][data-address="${address}"]`);
  }

  heartbeatCells(address: string): Locator {
    return this.item(address).locator('[data-testid="heartbeat-cell"]');
  }

  heartbeatLabel(address: string): Promise<string | null> {
    return this.item(address).locator('[data-testid="heartbeat-cells"]').getAttribute('aria-label');
  }

  async chooseSpan(address: string, hours: 24 | 168 | 720): Promise<void> {
    await this.item(address).locator(`[data-testid="heartbeat-span-${hours}"]`).click();
    await this.heartbeatCells(address).nth(hours - 1).waitFor();
  }

  /** The address's events as shown, newest first: kind label, detail, time. */
  async events(address: string): Promise<Array<{ kind: string; detail: string; time: string }>> {
    const items = this.item(address).locator('[data-testid="event-item"]');
    const rows: Array<{ kind: string; detail: string; time: string }> = [];
    for (const item of await items.all()) {
      rows.push({
        kind: await item.locator('[data-testid="event-kind"]').innerText(),
        detail: await item.locator('[data-testid="event-detail"]').innerText(),
        time: await item.locator('[data-testid="event-time"]').innerText(),
      });
    }
    return rows;
  }

  latestEventKinds(): Promise<string[]> {
    return this.page.locator('[data-testid="watched-latest-events"] [data-testid="event-kind"]').allInnerTexts();
  }
}
