import type { BackfillProgress } from '../../shared/model/status.js';
import { MS_PER_DAY, MS_PER_HOUR, SECONDS_PER_MINUTE } from '../../shared/defaults.js';

/** "7 days", "1 day", or hours for a gap shorter than a day (a resumed backfill fills only the gap). */
function span(days: number): string {
  if (days >= 1) {
    const whole = Math.round(days);
    return `${whole} ${whole === 1 ? 'day' : 'days'}`;
  }
  const hours = Math.max(1, Math.round((days * MS_PER_DAY) / MS_PER_HOUR));
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

function timeLeft(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < SECONDS_PER_MINUTE) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / SECONDS_PER_MINUTE)} min left`;
}

/** The share stored, in whole percent: never 100 % before the last scrape is in. */
export function backfillPercent(progress: BackfillProgress): number {
  if (progress.total === 0) return 0;
  return progress.done >= progress.total ? 100 : Math.min(99, Math.floor((progress.done / progress.total) * 100));
}

/** The header's line while the demo fills in history: "Filling 30 days of demo history: 42 % · about 6 s left". */
export function backfillText(progress: BackfillProgress): string {
  // Before its first batch the backfill has not said how much it fills.
  if (progress.total === 0) return 'Filling in demo history…';
  const head = `Filling ${span(progress.days)} of demo history`;
  const left = timeLeft(progress.remainingSeconds);
  return `${head}: ${backfillPercent(progress)} %${left === null ? '' : ` · ${left}`}`;
}
