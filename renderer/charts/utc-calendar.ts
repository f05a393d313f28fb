import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from '../../shared/defaults.js';

/**
 * Calendar arithmetic and date-fns-style formatting on UTC's wall clock, for the charts' time
 * axes when times are shown in UTC: Chart.js's date-fns adapter only knows the browser's zone.
 * Pure functions over epoch ms; the units and format tokens are the ones Chart.js's time scale asks for.
 */
export type CalendarUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

const FIXED_MS: Partial<Record<CalendarUnit, number>> = {
  millisecond: 1,
  second: MS_PER_SECOND,
  minute: MS_PER_MINUTE,
  hour: MS_PER_HOUR,
  day: MS_PER_DAY,
  week: 7 * MS_PER_DAY,
};
const MONTHS_PER: Partial<Record<CalendarUnit, number>> = { month: 1, quarter: 3, year: 12 };
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `time` moved by whole months; the day of month is clamped to the target month's length (as date-fns). */
function addMonths(time: number, months: number): number {
  const date = new Date(time);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, length));
  return date.getTime();
}

export function addUtc(time: number, amount: number, unit: CalendarUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return time + amount * fixed;
  return addMonths(time, amount * (MONTHS_PER[unit] ?? 0));
}

/**
 * Whole months from `earlier` to `later`, as date-fns' differenceInMonths counts them on UTC's
 * calendar (its end-of-February and last-day-of-month rules included, so ticks match it).
 */
function diffMonths(later: number, earlier: number): number {
  const sign = Math.sign(later - earlier);
  const a = new Date(later);
  const b = new Date(earlier);
  const difference = Math.abs((a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() - b.getUTCMonth());
  if (difference < 1) return 0;
  const working = new Date(later);
  if (working.getUTCMonth() === 1 && working.getUTCDate() > 27) working.setUTCDate(30);
  working.setUTCMonth(working.getUTCMonth() - sign * difference);
  let lastMonthNotFull = Math.sign(working.getTime() - earlier) === -sign;
  const lastDayOfMonth = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + 1, 0)).getUTCDate() === a.getUTCDate();
  if (lastDayOfMonth && difference === 1 && later > earlier) lastMonthNotFull = false;
  return sign * (difference - Number(lastMonthNotFull)) + 0;
}

/** Whole years: the calendar years, less one when the later date's day of year is not yet reached. */
function diffYears(later: number, earlier: number): number {
  const sign = Math.sign(later - earlier);
  const a = new Date(later);
  const b = new Date(earlier);
  const difference = Math.abs(a.getUTCFullYear() - b.getUTCFullYear());
  // Both moved into one (leap) year, so only month, day and time of day are compared.
  a.setUTCFullYear(1584);
  b.setUTCFullYear(1584);
  const partial = Math.sign(a.getTime() - b.getTime()) === -sign;
  return sign * (difference - Number(partial)) + 0;
}

/** Whole units from `min` to `max`, truncated toward zero, as date-fns' differenceIn… counts them. */
export function diffUtc(max: number, min: number, unit: CalendarUnit): number {
  if (unit === 'year') return diffYears(max, min);
  if (unit === 'month') return diffMonths(max, min);
  if (unit === 'quarter') return Math.trunc(diffMonths(max, min) / 3) + 0;
  // `+ 0` turns a truncated -0 into 0, as date-fns answers.
  return Math.trunc((max - min) / FIXED_MS[unit]!) + 0;
}

/** The start of the UTC unit holding `time`; weeks start on `weekStartsOn` (0 Sunday … 6 Saturday). */
export function startOfUtc(time: number, unit: CalendarUnit | 'isoWeek', weekStartsOn = 0): number {
  const date = new Date(time);
  switch (unit) {
    case 'millisecond':
      return time;
    case 'second':
    case 'minute':
    case 'hour':
    case 'day':
      return Math.floor(time / FIXED_MS[unit]!) * FIXED_MS[unit]!;
    case 'week':
    case 'isoWeek': {
      const day = Math.floor(time / MS_PER_DAY) * MS_PER_DAY;
      const back = (date.getUTCDay() - weekStartsOn + 7) % 7;
      return day - back * MS_PER_DAY;
    }
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    case 'quarter':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - (date.getUTCMonth() % 3), 1);
    case 'year':
      return Date.UTC(date.getUTCFullYear(), 0, 1);
  }
}

export function endOfUtc(time: number, unit: CalendarUnit | 'isoWeek', weekStartsOn = 0): number {
  const start = startOfUtc(time, unit, weekStartsOn);
  return addUtc(start, 1, unit === 'isoWeek' ? 'week' : unit) - 1;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const hour12 = (hour: number) => (hour % 12 === 0 ? 12 : hour % 12);

/** Each date-fns token Chart.js's formats use, on UTC fields. */
const TOKENS: Record<string, (date: Date) => string> = {
  yyyy: (date) => String(date.getUTCFullYear()),
  qqq: (date) => `Q${Math.floor(date.getUTCMonth() / 3) + 1}`,
  MMM: (date) => MONTH_NAMES[date.getUTCMonth()]!,
  MM: (date) => pad(date.getUTCMonth() + 1),
  dd: (date) => pad(date.getUTCDate()),
  d: (date) => String(date.getUTCDate()),
  HH: (date) => pad(date.getUTCHours()),
  H: (date) => String(date.getUTCHours()),
  hh: (date) => pad(hour12(date.getUTCHours())),
  h: (date) => String(hour12(date.getUTCHours())),
  mm: (date) => pad(date.getUTCMinutes()),
  ss: (date) => pad(date.getUTCSeconds()),
  SSS: (date) => pad(date.getUTCMilliseconds(), 3),
  aaaa: (date) => (date.getUTCHours() < 12 ? 'a.m.' : 'p.m.'),
  a: (date) => (date.getUTCHours() < 12 ? 'AM' : 'PM'),
  PP: (date) => `${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`,
};
const TOKEN_PATTERN = /yyyy|qqq|MMM|MM|dd|d|HH|H|hh|h|mm|ss|SSS|aaaa|a|PP|'[^']*'|[A-Za-z]+|[^A-Za-z']+/g;

/**
 * `time` formatted on UTC's wall clock with date-fns tokens ("MMM d", "HH:mm", "MMM yyyy"; quoted
 * text kept). Every format Chart.js's time scale uses is covered (test/unit/renderer/utc-calendar);
 * any other letters are kept as written.
 */
export function formatUtc(time: number, format: string): string {
  const date = new Date(time);
  return (format.match(TOKEN_PATTERN) ?? []).map((part) => {
    if (part.startsWith("'")) return part.slice(1, -1);
    const token = TOKENS[part];
    return token === undefined ? part : token(date);
  }).join('');
}
