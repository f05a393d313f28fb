import { describe, expect, it } from 'vitest';
import type { Status } from '../../../shared/model/status.js';
import { isFailing, isStale, staleNotice } from '../../../renderer/lib/collector-health.js';
import { formatDateTime } from '../../../renderer/lib/format.js';

const FOLDED = Date.UTC(2026, 11, 3, 12, 0);

function status(consecutiveFailures: number, errorMessage: string | null = 'connect ECONNREFUSED 127.0.0.1:9', foldedThrough: number | null = FOLDED): Status {
  const failure = { time: FOLDED + 600_000, ok: false, durationMs: 3, farmers: 0, rejected: 0, duplicates: 0, unusual: 0, errorCode: 'ECONNREFUSED', errorMessage };
  return {
    version: '0.1.0',
    collector: { state: 'backoff', source: 'http://127.0.0.1:9', intervalSeconds: 300, lastScrape: failure, lastError: failure, nextScrapeAt: null, scrapesOk: 1, scrapesFailed: consecutiveFailures, consecutiveFailures },
    jobs: { state: 'idle', foldedThrough, pendingScrapes: 0, lastError: null },
    secrets: { encrypted: false, description: 'stored in clear in this test' },
    store: { kind: 'sqlite', sizeBytes: 0, scrapes: 1, snapshots: 1, addresses: 0 },
    backfill: null,
  };
}

describe('collector health', () => {
  it('is failing from the third failure in a row', () => {
    expect(isFailing(null)).toBe(false);
    expect(isFailing(status(2))).toBe(false);
    expect(isFailing(status(3))).toBe(true);
  });

  it('says since when the data is stale, with the zone, and the whole reason', () => {
    expect(staleNotice(status(2))).toBeNull();
    expect(staleNotice(status(3))).toBe(`Data is stale since ${formatDateTime(FOLDED)}: connect ECONNREFUSED 127.0.0.1:9`);
    expect(formatDateTime(FOLDED)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+/);
    expect(staleNotice(status(4, null))).toMatch(/: ECONNREFUSED$/);
    expect(staleNotice(status(3, 'timeout', null))).toBe('No data yet: timeout');
  });

  it('calls information stale once it is older than two intervals', () => {
    expect(isStale(FOLDED, FOLDED + 600_000, 300)).toBe(false);
    expect(isStale(FOLDED, FOLDED + 600_001, 300)).toBe(true);
    expect(isStale(null, FOLDED, 300)).toBe(false);
  });
});
