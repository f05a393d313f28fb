import { describe, expect, it } from 'vitest';
import { clockTime, formatLogLine } from '../../../main/logging/pretty-line.js';

const at = Date.UTC(2026, 0, 1, 12, 5, 0);
const json = (record: Record<string, unknown>): string => `${JSON.stringify(record)}\n`;

describe('formatLogLine', () => {
  it('reads time, level, subsystem, message, then the other fields as key=value', () => {
    const line = json({ level: 40, time: at, pid: 7, subsystem: 'collector', msg: 'scrape failed', code: 'timeout', attempt: 2 });
    expect(formatLogLine(line)).toBe('12:05:00Z WARN collector: scrape failed code=timeout attempt=2');
  });

  it('quotes values with spaces, quotes or =, shows objects as JSON and errors by their message', () => {
    const line = json({
      level: 50,
      time: at,
      msg: 'import failed',
      source: 'my dump/GroupB',
      counts: { imported: 1 },
      err: { type: 'Error', message: 'disk full', stack: 'Error: disk full\n    at x' },
      empty: '',
      none: null,
    });
    expect(formatLogLine(line)).toBe('12:05:00Z ERROR import failed source="my dump/GroupB" counts={"imported":1} err="disk full" empty="" none=null');
  });

  it('names every pino level and leaves lines it cannot read as they are', () => {
    expect([10, 20, 30, 60].map((level) => formatLogLine(json({ level, time: at, msg: 'm' })).split(' ')[1])).toEqual(['TRACE', 'DEBUG', 'INFO', 'FATAL']);
    expect(formatLogLine('not json at all\n')).toBe('not json at all');
    expect(formatLogLine('[1,2]')).toBe('[1,2]');
    expect(formatLogLine(json({ msg: 'no time or level', time: 'yesterday' }))).toBe('--:--:--Z LOG no time or level');
  });

  it('clockTime prints the UTC time of day', () => {
    expect(clockTime(Date.UTC(2015, 10, 12, 18, 14, 7))).toBe('18:14:07Z');
  });
});
