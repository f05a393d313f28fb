import type { Page } from 'playwright-core';
import type { ViewName } from './app-shell.js';

/** What "loaded" looks like in each view (never "network idle": the event stream stays open). */
export const VIEW_READY: Record<ViewName, string> = {
  network: '[data-testid="network-view"]:not([data-drawn-key=""])',
  address: '[data-testid="summary-table"], [data-testid="top-farmers"] table',
  watched: '[data-testid="watched-empty"], [data-testid="watched-item"]',
  import: '[data-testid="import-start"]',
  settings: '[data-testid="settings-form"]',
};

/** Measurements of the page as laid out, for the "holds from 360 px" checks. */
export class Layout {
  constructor(readonly page: Page) {}

  async waitReady(view: ViewName): Promise<void> {
    await this.page.locator(VIEW_READY[view]).first().waitFor();
  }

  /** How far the document is wider than the window (0 when there is no page-level horizontal scroll). */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  /** The elements that stick out to the right of the window, to say which one overflows. */
  widestElements(): Promise<string[]> {
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className} (${Math.round(element.getBoundingClientRect().right)} px)`),
    );
  }

  /** The texts of the matching elements that do not fit their box (cut off or ellipsised). */
  clippedTexts(selector: string): Promise<string[]> {
    return this.page.locator(selector).evaluateAll((elements) =>
      elements.filter((element) => element.scrollWidth > element.clientWidth).map((element) => element.textContent ?? ''),
    );
  }

  /** The element's box lies inside the window. */
  async insideViewport(selector: string): Promise<boolean> {
    const box = await this.page.locator(selector).boundingBox();
    const width = await this.page.evaluate(() => window.innerWidth);
    return box !== null && box.x >= 0 && box.x + box.width <= width;
  }
}
