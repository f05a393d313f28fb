import type { DateAdapter, TimeUnit } from 'chart.js';
import type { DisplayZone } from '../lib/time-zone.js';
import { addUtc, diffUtc, endOfUtc, formatUtc, startOfUtc } from './utc-calendar.js';

/** What a time scale passes its date adapter (`scales.x.adapters.date`) to pick the zone. */
export interface ZonedDateOptions {
  zone: DisplayZone;
}

/** The adapter's class as Chart.js exposes it (`_adapters._date`). */
interface DateAdapterClass {
  prototype: DateAdapter;
  override(members: Partial<Omit<DateAdapter, 'options'>>): void;
}

const inUtc = (adapter: DateAdapter): boolean => (adapter.options as Partial<ZonedDateOptions>).zone === 'utc';

/**
 * Teaches the time scales the "Show times in" setting: a scale given `adapters.date.zone: 'utc'`
 * places and labels its ticks on UTC's calendar (midnight, month starts, "HH:mm" in UTC); any
 * other keeps the date-fns adapter, which works in the browser's zone. One adapter, chosen per
 * scale, so charts in either zone can be on the page at once.
 */
export function registerZonedDates(adapterClass: DateAdapterClass): void {
  // Read one by one: the methods may be non-enumerable (a class's), which a spread would miss.
  const { format, add, diff, startOf, endOf } = adapterClass.prototype;
  const local = { format, add, diff, startOf, endOf };
  adapterClass.override({
    format(time, format) {
      return inUtc(this) ? formatUtc(time, format) : local.format.call(this, time, format);
    },
    add(time, amount, unit) {
      return inUtc(this) ? addUtc(time, amount, unit) : local.add.call(this, time, amount, unit);
    },
    diff(max, min, unit) {
      return inUtc(this) ? diffUtc(max, min, unit) : local.diff.call(this, max, min, unit);
    },
    startOf(time, unit, weekday) {
      return inUtc(this) ? startOfUtc(time, unit, unit === 'isoWeek' ? Number(weekday) : 0) : local.startOf.call(this, time, unit, weekday);
    },
    endOf(time, unit: TimeUnit) {
      return inUtc(this) ? endOfUtc(time, unit) : local.endOf.call(this, time, unit);
    },
  });
}
