import { MS_PER_MINUTE } from '../../shared/defaults.js';
import type { QuietHours } from '../../shared/model/alerts.js';

const MINUTES_PER_DAY = 1440;

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** The wall-clock minute of the day (and its second and millisecond) at `time` in `timeZone`. */
function localMinute(time: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(time));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/** Whether a minute of the day lies in [start, end), the window possibly spanning midnight; start = end is no window. */
function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * When the channel's quiet hours that contain `time` end, or null when `time` is outside them.
 * Computed on the wall clock of the channel's own time zone: the first estimate assumes no clock
 * change, then is corrected by how far its wall-clock time is from the end, so a daylight-saving
 * change in between moves the end with the clock.
 */
export function quietHoursEnd(time: number, quiet: QuietHours): number | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const now = localMinute(time, quiet.timeZone);
  if (!inWindow(now, start, end)) return null;
  const remaining = (end - now + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  let candidate = Math.floor(time / MS_PER_MINUTE) * MS_PER_MINUTE + remaining * MS_PER_MINUTE;
  for (let step = 0; step < 3; step += 1) {
    const past = ((localMinute(candidate, quiet.timeZone) - end + MINUTES_PER_DAY + HALF_DAY) % MINUTES_PER_DAY) - HALF_DAY;
    if (past === 0) break;
    candidate -= past * MS_PER_MINUTE;
  }
  // An end that does not exist that night (skipped by the clock change) is reached at the first minute after it.
  while (candidate <= time || inWindow(localMinute(candidate, quiet.timeZone), start, end)) candidate += MS_PER_MINUTE;
  return candidate;
}

const HALF_DAY = MINUTES_PER_DAY / 2;
