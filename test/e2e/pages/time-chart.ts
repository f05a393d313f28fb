import type { Page } from 'playwright-core';

export type TimeChartName = 'storage' | 'farmers';

/** One drawn point of a Chart.js line, as the chart holds it (`y: null` is a break). */
export interface DrawnPoint {
  x: number;
  y: number | null;
}

/**
 * A time chart of the network view as a person sees it: the lines Chart.js holds (read with
 * `Chart.getChart(canvas)`), the visible window, the coverage strip under it and the gestures on it.
 */
export class TimeChart {
  constructor(
    readonly page: Page,
    readonly name: TimeChartName,
  ) {}

  private get card() {
    return this.page.locator(`[data-testid="chart-${this.name}"]`);
  }

  /** The band's max, min and the mean line, each as drawn. */
  datasets(): Promise<DrawnPoint[][]> {
    return this.card.locator('canvas').evaluate((canvas) => {
      const chartClass = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { data: { datasets: { data: unknown[] }[] } } | undefined } }).Chart;
      const chart = chartClass.getChart(canvas as HTMLCanvasElement);
      if (chart === undefined) throw new Error('no chart on this canvas');
      return chart.data.datasets.map((dataset) => dataset.data as { x: number; y: number | null }[]);
    });
  }

  /** The time axis's visible window. */
  visibleWindow(): Promise<{ from: number; to: number }> {
    return this.card.locator('canvas').evaluate((canvas) => {
      const chartClass = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { scales: { x: { min: number; max: number } } } | undefined } }).Chart;
      const scale = chartClass.getChart(canvas as HTMLCanvasElement)!.scales.x;
      return { from: scale.min, to: scale.max };
    });
  }

  /** The time axis's ticks as drawn (their times and labels) and its title. */
  timeAxis(): Promise<{ ticks: { value: number; label: string }[]; title: string }> {
    return this.card.locator('canvas').evaluate((canvas) => {
      type Axis = { ticks: { value: number; label: string | string[] }[]; options: { title: { text: string | string[] } } };
      const chartClass = (window as unknown as { Chart: { getChart(canvas: HTMLCanvasElement): { scales: { x: Axis } } | undefined } }).Chart;
      const axis = chartClass.getChart(canvas as HTMLCanvasElement)!.scales.x;
      const text = (value: string | string[]) => (Array.isArray(value) ? value.join(' ') : value);
      return { ticks: axis.ticks.map((tick) => ({ value: tick.value, label: text(tick.label) })), title: text(axis.options.title.text) };
    });
  }

  /** The filled stretches of the coverage strip: their times and their width in pixels. */
  coverageSpans(): Promise<{ from: number; to: number; width: number }[]> {
    return this.card.locator('[data-testid="coverage-span"]').evaluateAll((spans) =>
      spans.map((span) => ({ from: Number(span.getAttribute('data-from')), to: Number(span.getAttribute('data-to')), width: span.getBoundingClientRect().width })),
    );
  }

  /** Shift-drag across the plot between two fractions of its width (the pan gesture). */
  async shiftDrag(fromFraction: number, toFraction: number): Promise<void> {
    const box = await this.card.locator('canvas').boundingBox();
    if (box === null) throw new Error(`the ${this.name} chart is not visible`);
    const y = box.y + box.height / 2;
    await this.page.keyboard.down('Shift');
    await this.page.mouse.move(box.x + box.width * fromFraction, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * toFraction, y, { steps: 12 });
    await this.page.mouse.up();
    await this.page.keyboard.up('Shift');
  }
}
