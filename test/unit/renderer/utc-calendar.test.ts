import * as dateFns from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUtc, diffUtc, endOfUtc, formatUtc, startOfUtc, type CalendarUnit } from '../../../renderer/charts/utc-calendar.js';

/**
 * The UTC calendar must agree with the date-fns adapter running in UTC: the same ticks and labels
 * the charts had, only on UTC's clock. date-fns works in the process's zone, so the comparison
 * sets that zone to UTC; one more run checks the answers do not depend on it.
 */
const UNITS: CalendarUnit[] = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
const FORMATS = [
  'MMM d, yyyy, h:mm:ss aaaa', 'h:mm:ss.SSS aaaa', 'h:mm:ss aaaa', 'h:mm aaaa', 'ha', 'MMM d', 'PP', 'MMM yyyy', 'qqq - yyyy', 'yyyy',
  'HH:mm', "yyyy-MM-dd'T'HH:mm",
];

const ADD = { millisecond: dateFns.addMilliseconds, second: dateFns.addSeconds, minute: dateFns.addMinutes, hour: dateFns.addHours, day: dateFns.addDays, week: dateFns.addWeeks, month: dateFns.addMonths, quarter: dateFns.addQuarters, year: dateFns.addYears };
const DIFF = { millisecond: dateFns.differenceInMilliseconds, second: dateFns.differenceInSeconds, minute: dateFns.differenceInMinutes, hour: dateFns.differenceInHours, day: dateFns.differenceInDays, week: dateFns.differenceInWeeks, month: dateFns.differenceInMonths, quarter: dateFns.differenceInQuarters, year: dateFns.differenceInYears };
const START = { millisecond: (time: number) => time, second: dateFns.startOfSecond, minute: dateFns.startOfMinute, hour: dateFns.startOfHour, day: dateFns.startOfDay, week: dateFns.startOfWeek, month: dateFns.startOfMonth, quarter: dateFns.startOfQuarter, year: dateFns.startOfYear };
const END = { millisecond: (time: number) => time, second: dateFns.endOfSecond, minute: dateFns.endOfMinute, hour: dateFns.endOfHour, day: dateFns.endOfDay, week: dateFns.endOfWeek, month: dateFns.endOfMonth, quarter: dateFns.endOfQuarter, year: dateFns.endOfYear };

/** Times spread over leap years, month ends and all hours, from a fixed seed. */
function sampleTimes(count: number): number[] {
  let seed = 20151109;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const fixed = [Date.UTC(2016, 1, 29, 23, 59, 59, 999), Date.UTC(2015, 0, 31, 12), Date.UTC(2026, 11, 31, 0, 0), Date.UTC(2026, 2, 29, 1, 30)];
  return [...fixed, ...Array.from({ length: count }, () => Math.floor(Date.UTC(2014, 0, 1) + next() * 13 * 365 * 86_400_000))];
}

const times = sampleTimes(300);
let savedZone: string | undefined;

describe('the UTC calendar of the chart axes', () => {
  beforeAll(() => {
    savedZone = process.env.TZ;
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    if (savedZone === undefined) delete process.env.TZ;
    else process.env.TZ = savedZone;
  });

  it('formats every format the time scale uses as date-fns does in UTC', () => {
    for (const time of times) for (const format of FORMATS) expect(formatUtc(time, format)).toBe(dateFns.format(time, format));
  });

  it('adds, counts, starts and ends units as date-fns does in UTC', () => {
    for (const [index, time] of times.entries()) {
      const other = times[(index * 7 + 3) % times.length]!;
      for (const unit of UNITS) {
        const amount = (index % 5) - 2;
        expect([unit, addUtc(time, amount, unit)]).toEqual([unit, ADD[unit](time, amount).getTime()]);
        expect([unit, diffUtc(time, other, unit)]).toEqual([unit, DIFF[unit](time, other)]);
        expect([unit, startOfUtc(time, unit)]).toEqual([unit, Number(START[unit](time))]);
        expect([unit, endOfUtc(time, unit)]).toEqual([unit, Number(END[unit](time))]);
      }
      expect(startOfUtc(time, 'isoWeek', 1)).toBe(dateFns.startOfWeek(time, { weekStartsOn: 1 }).getTime());
    }
  });

  it('gives the same answers whatever zone the browser is in', () => {
    process.env.TZ = 'America/Los_Angeles';
    const instant = Date.UTC(2026, 2, 8, 10, 30);
    expect(formatUtc(instant, 'MMM d HH:mm')).toBe('Mar 8 10:30');
    expect(startOfUtc(instant, 'day')).toBe(Date.UTC(2026, 2, 8));
    expect(startOfUtc(instant, 'month')).toBe(Date.UTC(2026, 2, 1));
    expect(addUtc(Date.UTC(2026, 0, 31), 1, 'month')).toBe(Date.UTC(2026, 1, 28));
    expect(dateFns.format(instant, 'HH:mm')).toBe('03:30');
  });
});
