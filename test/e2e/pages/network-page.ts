import type { Page } from 'playwright-core';
import type { NetworkPayload } from '../../../shared/model/network.js';
import type { RangePreset } from '../../../renderer/lib/range.js';

export type StatName = 'total-storage' | 'farmers-online' | 'average-capacity' | 'average-uptime';
export type ChartName = 'storage' | 'farmers' | 'minmax' | 'uptime' | 'heights';

/** The network view: four headline numbers, five charts with data tables, the range picker. */
export class NetworkPage {
  constructor(readonly page: Page) {}

  private get view() {
    return this.page.locator('[data-testid="network-view"]');
  }

  /** Waits until every chart has painted the data of the selection `range` (e.g. "30d"). */
  async waitDrawn(range?: string, timeout = 30_000): Promise<void> {
    const selector = range === undefined ? '[data-testid="network-view"]:not([data-drawn-key=""])' : `[data-testid="network-view"][data-drawn-range="${range}"]`;
    await this.page.locator(selector).waitFor({ timeout });
  }

  drawnKey(): Promise<string | null> {
    return this.view.getAttribute('data-drawn-key');
  }

  stat(name: StatName): Promise<string> {
    return this.page.locator(`[data-testid="stat-${name}"] [data-value]`).innerText();
  }

  statHint(name: StatName): Promise<string> {
    return this.page.locator(`[data-testid="stat-${name}"] .stat-hint`).innerText();
  }

  /** The line above the cards naming the moment the cards and histograms describe. */
  figuresNote(): Promise<string> {
    return this.page.locator('[data-testid="figures-as-of"]').innerText();
  }

  subtitle(): Promise<string> {
    return this.page.locator('.view-subtitle').innerText();
  }

  /** Switches the chart to its data table and returns the rows' cell texts. */
  async tableRows(chart: ChartName): Promise<string[][]> {
    const card = this.page.locator(`[data-testid="chart-${chart}"]`);
    await card.getByRole('button', { name: 'Data' }).click();
    const rows = await card.locator('tbody tr').evaluateAll((elements) =>
      elements.map((row) => Array.from(row.querySelectorAll('td'), (cell) => (cell.textContent ?? '').trim())),
    );
    await card.getByRole('button', { name: 'Chart' }).click();
    return rows;
  }

  /**
   * Clicks a range and measures, inside the page, the time from the click to the moment every chart
   * has painted the new range (the view's data-drawn-range attribute).
   */
  async chooseRange(preset: Exclude<RangePreset, 'custom'>): Promise<{ payload: NetworkPayload; redrawMs: number }> {
    const response = this.page.waitForResponse((candidate) => candidate.url().includes('/api/v1/network'));
    const redrawMs = await this.page.evaluate(
      (range) =>
        new Promise<number>((resolve, reject) => {
          const view = document.querySelector('[data-testid="network-view"]');
          const button = document.querySelector<HTMLButtonElement>(`[data-range="${range}"]`);
          if (view === null || button === null) return reject(new Error('network view or range button missing'));
          const started = performance.now();
          const observer = new MutationObserver(() => {
            if (view.getAttribute('data-drawn-range') === range) {
              observer.disconnect();
              resolve(performance.now() - started);
            }
          });
          observer.observe(view, { attributes: true, attributeFilter: ['data-drawn-range'] });
          button.click();
        }),
      preset,
    );
    const payload = (await (await response).json()) as NetworkPayload;
    return { payload, redrawMs };
  }

  /** Drags across a time chart between two fractions of its width (the zoom gesture). */
  async dragZoom(chart: 'storage' | 'farmers', fromFraction: number, toFraction: number): Promise<void> {
    const box = await this.page.locator(`[data-testid="chart-${chart}"] canvas`).boundingBox();
    if (box === null) throw new Error(`the ${chart} chart is not visible`);
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromFraction, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * toFraction, y, { steps: 8 });
    await this.page.mouse.up();
  }

  async chooseCustomRange(fromLocal: string, toLocal: string): Promise<void> {
    await this.page.locator('[data-range="custom"]').click();
    await this.page.locator('[data-testid="range-from"]').fill(fromLocal);
    await this.page.locator('[data-testid="range-to"]').fill(toLocal);
    await this.page.getByRole('button', { name: 'Apply' }).click();
  }
}
