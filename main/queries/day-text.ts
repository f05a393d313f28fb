import { isoDay, summaryDate } from '../../shared/formulas.js';

/**
 * `isoDay` through a Date costs about a microsecond; the summary and the dashboard format the same
 * few hundred days over and over, so each day's text is made once. Bounded so a long-running app
 * that is asked about many ranges keeps a small cache.
 */
const MAX_DAYS = 4096;
const isoDays = new Map<number, string>();
const summaryDates = new Map<number, string>();

function remembered(cache: Map<number, string>, day: number, make: (day: number) => string): string {
  let text = cache.get(day);
  if (text === undefined) {
    if (cache.size >= MAX_DAYS) cache.clear();
    text = make(day);
    cache.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD` of a UTC day number (days since the epoch). */
export const cachedIsoDay = (day: number): string => remembered(isoDays, day, isoDay);

/** The original's summary date text, `YYYY-MM-DD 00:00:00` (formulas.summaryDate). */
export const cachedSummaryDate = (day: number): string => remembered(summaryDates, day, summaryDate);
