/**
 * Times as people read them: `YYYY-MM-DD HH:mm` plus the zone's name, in the viewer's local zone
 * or in UTC. Days are UTC days everywhere in the data, so a time without its zone would put a
 * late-evening scrape on the "wrong" day; every timestamp therefore carries its zone.
 */

export type DisplayZone = 'local' | 'utc';
export const DISPLAY_ZONES: readonly DisplayZone[] = ['local', 'utc'];

/** The IANA zone for Intl: UTC, or undefined for the runtime's own zone. */
export function intlZone(zone: DisplayZone): string | undefined {
  return zone === 'utc' ? 'UTC' : undefined;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  zoneName: string;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
function clockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = clockFormats.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    clockFormats.set(key, formatter);
  }
  return formatter;
}

function wallClock(epochMs: number, timeZone: string | undefined): WallClock {
  const parts = clockFormat(timeZone).formatToParts(epochMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    zoneName: part('timeZoneName'),
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2026-12-02 23:38", the wall clock of `timeZone` (no zone name: for input fields). */
export function formatWallClock(epochMs: number, timeZone: string | undefined): string {
  const clock = wallClock(epochMs, timeZone);
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)} ${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** "2026-12-02 23:38 PST" or "2026-12-03 07:38 UTC". */
export function formatZonedDateTime(epochMs: number, timeZone: string | undefined): string {
  return `${formatWallClock(epochMs, timeZone)} ${zoneLabel(epochMs, timeZone)}`;
}

/** The zone's short name at that moment ("PST", "CET", "GMT+5:30", "UTC"). */
export function zoneLabel(epochMs: number, timeZone: string | undefined): string {
  return wallClock(epochMs, timeZone).zoneName;
}

/** How far the zone's wall clock is ahead of UTC at `epochMs`, in ms. */
function offsetAt(epochMs: number, timeZone: string | undefined): number {
  const clock = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  return asUtc - Math.floor(epochMs / 60_000) * 60_000;
}

const WALL_CLOCK = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})\s*$/;

export type ParsedWallClock = { ok: true; epochMs: number } | { ok: false; reason: string };

/** Reads `YYYY-MM-DD HH:mm` as a wall-clock time in `timeZone`; says what is wrong otherwise. */
export function parseWallClock(text: string, timeZone: string | undefined): ParsedWallClock {
  const match = WALL_CLOCK.exec(text);
  if (match === null) return { ok: false, reason: 'Use the form YYYY-MM-DD HH:mm, e.g. 2015-11-09 00:00.' };
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(guess);
  if (hour > 23 || minute > 59) return { ok: false, reason: `${text.trim()} is not a time of day (00:00 to 23:59).` };
  if (month < 1 || month > 12 || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return { ok: false, reason: `${text.trim()} is not a date on the calendar.` };
  // The offset at the guess can differ from the one at the answer near a DST change: correct once.
  const first = guess - offsetAt(guess, timeZone);
  const epochMs = guess - offsetAt(first, timeZone);
  if (formatWallClock(epochMs, timeZone) !== formatWallClock(guess, 'UTC')) return { ok: false, reason: `${text.trim()} does not exist in this time zone (the clocks skip it).` };
  return { ok: true, epochMs };
}

export type ZonedRangeCheck = { ok: true; from: number; to: number } | { ok: false; reason: string };

/** The custom range's two fields, read in the chosen zone. */
export function checkZonedRange(fromText: string, toText: string, timeZone: string | undefined): ZonedRangeCheck {
  if (fromText.trim() === '' || toText.trim() === '') return { ok: false, reason: 'Enter both a start and an end.' };
  const from = parseWallClock(fromText, timeZone);
  if (!from.ok) return { ok: false, reason: `Start: ${from.reason}` };
  const to = parseWallClock(toText, timeZone);
  if (!to.ok) return { ok: false, reason: `End: ${to.reason}` };
  if (from.epochMs >= to.epochMs) return { ok: false, reason: 'The start must be before the end.' };
  return { ok: true, from: from.epochMs, to: to.epochMs };
}
