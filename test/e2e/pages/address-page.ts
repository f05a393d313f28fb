import type { Page } from 'playwright-core';

export interface SummaryCells {
  date: string;
  uptime: number;
  duration: number;
  height: number;
  points: number;
  total_points: number;
}

/** The address lookup: the validated field, the result's facts and its 31-day summary table. */
export class AddressPage {
  constructor(readonly page: Page) {}

  private get form() {
    return this.page.locator('[data-testid="address-lookup"]');
  }

  async type(address: string): Promise<void> {
    await this.form.locator('[data-testid="address-input"]').fill(address);
  }

  message(): Promise<string> {
    return this.form.locator('[data-testid="address-message"]').innerText();
  }

  inputState(): Promise<string | null> {
    return this.form.locator('[data-testid="address-input"]').getAttribute('data-state');
  }

  submitDisabled(): Promise<boolean> {
    return this.form.getByRole('button', { name: 'Look up' }).isDisabled();
  }

  async lookup(address: string): Promise<void> {
    await this.type(address);
    await this.form.getByRole('button', { name: 'Look up' }).click();
    await this.page.locator(`[data-testid="result-address"] [data-address="${address}"]`).waitFor();
    await this.page.locator('[data-testid="summary-table"], [data-testid="summary-empty"]').first().waitFor();
  }

  fact(name: 'first-seen' | 'last-seen' | 'uptime-percent' | 'height' | 'online-state'): Promise<string> {
    return this.page.locator(`[data-testid="${name}"]`).innerText();
  }

  /** The table's raw values (each cell's data-value), row by row. */
  summaryRows(): Promise<SummaryCells[]> {
    return this.page.locator('[data-testid="summary-row"]').evaluateAll((rows) =>
      rows.map((row) => {
        const values = Array.from(row.querySelectorAll('td'), (cell) => cell.getAttribute('data-value') ?? '');
        return {
          date: values[0] ?? '',
          uptime: Number(values[1]),
          duration: Number(values[2]),
          height: Number(values[3]),
          points: Number(values[4]),
          total_points: Number(values[5]),
        };
      }),
    );
  }
}
