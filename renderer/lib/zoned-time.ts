/**
 * Times as the dashboard shows them: in one time zone (the system's unless one is given), with
 * the zone's label, so "14:00" is never ambiguous.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      ...(timeZone === undefined ? {} : { timeZone }),
    });
    formats.set(key, found);
  }
  return found;
}

/** "2026-01-15 14:00 UTC" (the zone's short name, or its offset such as GMT+1). */
export function formatZonedTime(epochMs: number, timeZone?: string): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(epochMs).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
