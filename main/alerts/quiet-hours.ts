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
 * Computed on the wall clock of the channel's own time zone; across a daylight-saving change the
 * end is found again from the estimate, so a window never ends early.
 */
export function quietHoursEnd(time: number, quiet: QuietHours): number | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (!inWindow(localMinute(time, quiet.timeZone), start, end)) return null;
  let candidate = time;
  // Each step moves to the estimated end on the wall clock; a DST shift needs at most one more.
  for (let step = 0; step < 3; step += 1) {
    const minute = localMinute(candidate, quiet.timeZone);
    if (!inWindow(minute, start, end)) return candidate;
    const remaining = (end - minute + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    candidate = Math.floor(candidate / MS_PER_MINUTE) * MS_PER_MINUTE + Math.max(remaining, 1) * MS_PER_MINUTE;
  }
  return candidate;
}
