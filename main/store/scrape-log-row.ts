import type { FailedScrape, NewScrape } from './raw-store.js';

/** The scrape-log columns both stores write locally (SQLite: `scrapes`; MongoDB: `remote_scrape_log`). */
export interface ScrapeLogRow {
  time: number;
  ok: 0 | 1;
  durationMs: number;
  farmers: number | null;
  rejected: number;
  duplicates: number;
  rejections: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  totalTB: number | null;
  totalFarmers: number | null;
}

export function storedScrapeLogRow(scrape: NewScrape): ScrapeLogRow {
  return {
    time: scrape.time,
    ok: 1,
    durationMs: scrape.durationMs,
    farmers: scrape.farmers?.length ?? null,
    rejected: scrape.rejected,
    duplicates: scrape.duplicates,
    rejections: scrape.rejections.length > 0 ? JSON.stringify(scrape.rejections) : null,
    errorCode: null,
    errorMessage: null,
    totalTB: scrape.total?.totalTB ?? null,
    totalFarmers: scrape.total?.totalFarmers ?? null,
  };
}

export function failedScrapeLogRow(failure: FailedScrape): ScrapeLogRow {
  return {
    time: failure.time,
    ok: 0,
    durationMs: failure.durationMs,
    farmers: null,
    rejected: 0,
    duplicates: 0,
    rejections: null,
    errorCode: failure.errorCode,
    errorMessage: failure.errorMessage,
    totalTB: null,
    totalFarmers: null,
  };
}
