/**
 * One JSON log line as a person reads it on a terminal: `12:05:00Z WARN collector: message key=value`.
 * The file keeps the JSON; this is only for the console and `driveshare-graph logs`.
 */

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields the line's head already shows (or that only matter in the file). */
const SHOWN_IN_HEAD = new Set(['level', 'time', 'pid', 'hostname', 'subsystem', 'msg']);

/** The UTC clock time of an epoch-ms instant, as status lines and log lines print it: `12:05:00Z`. */
export function clockTime(time: number): string {
  return new Date(time).toISOString().slice(11, 19) + 'Z';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function levelName(level: unknown): string {
  if (typeof level === 'number') return LEVEL_NAMES[level] ?? `LEVEL${level}`;
  return typeof level === 'string' ? level.toUpperCase() : 'LOG';
}

function timeText(time: unknown): string {
  return typeof time === 'number' && Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? clockTime(time) : '--:--:--Z';
}

/** Plain words stay bare; anything with spaces, quotes or `=` is quoted so the line stays parseable by eye. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value !== '' && !/[\s"=]/.test(value) ? value : JSON.stringify(value);
  // A serialized error shows its message; its stack stays in the file.
  if (isRecord(value) && typeof value.message === 'string') return valueText(value.message);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}

export function formatLogLine(line: string): string {
  const trimmed = line.trimEnd();
  let record: unknown;
  try {
    record = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (!isRecord(record)) return trimmed;
  const subsystem = typeof record.subsystem === 'string' ? `${record.subsystem}: ` : '';
  const message = typeof record.msg === 'string' ? record.msg : '';
  const fields = Object.entries(record)
    .filter(([key]) => !SHOWN_IN_HEAD.has(key))
    .map(([key, value]) => `${key}=${valueText(value)}`);
  return [timeText(record.time), levelName(record.level), `${subsystem}${message}`.trimEnd(), ...fields].filter((part) => part !== '').join(' ');
}
