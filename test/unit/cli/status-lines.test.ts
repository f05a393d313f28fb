import { describe, expect, it } from 'vitest';
import type { CollectorStatus } from '../../../main/collector/collector.js';
import { formatScrapeLine } from '../../../main/cli/status-lines.js';
import type { ScrapeOutcome } from '../../../shared/model/status.js';

const status: CollectorStatus = {
  state: 'idle',
  source: 'http://127.0.0.1:5000',
  intervalSeconds: 300,
  lastScrape: null,
  lastError: null,
  nextScrapeAt: null,
  scrapesOk: 1,
  scrapesFailed: 0,
  consecutiveFailures: 0,
};
const stored: ScrapeOutcome = { time: Date.UTC(2026, 0, 1), ok: true, durationMs: 12, farmers: 326, rejected: 0, duplicates: 0, unusual: 0, errorCode: null, errorMessage: null };

describe('the status line of a stored scrape', () => {
  it('says nothing more when every entry was kept and usual', () => {
    expect(formatScrapeLine(stored, status)).toMatch(/scrape stored: 326 farmers in 12 ms · errors 0$/);
  });

  it('says how many kept farmers have unusual addresses, beside what was dropped', () => {
    expect(formatScrapeLine({ ...stored, rejected: 2, unusual: 3 }, status)).toMatch(/326 farmers \(2 rejected, 3 with unusual addresses\) in 12 ms/);
  });
});
