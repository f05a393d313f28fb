import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleRoute, createLogger, logFilePath, subsystemLogger, type ConsoleSink, type LogFormat } from '../../../main/logging/logger.js';

function capture(isTTY: boolean): ConsoleSink & { lines: () => string[] } {
  const chunks: string[] = [];
  return { isTTY, write: (text: string) => chunks.push(text), lines: () => chunks.join('').split('\n').filter((line) => line !== '') };
}

const looksLikeJson = (line: string): boolean => line.trimStart().startsWith('{');

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'console-route-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('consoleRoute', () => {
  it.each<[LogFormat, boolean, boolean, ReturnType<typeof consoleRoute>]>([
    ['auto', true, true, { style: 'pretty', minimumLevel: 40 }],
    ['auto', true, false, { style: 'pretty', minimumLevel: 0 }],
    ['auto', false, true, { style: 'json', minimumLevel: 0 }],
    ['json', true, true, { style: 'json', minimumLevel: 0 }],
    ['pretty', false, true, { style: 'pretty', minimumLevel: 0 }],
    ['pretty', true, true, { style: 'pretty', minimumLevel: 0 }],
  ])('format %s, terminal %s, log file %s', (format, isTTY, hasFile, expected) => {
    expect(consoleRoute(format, { isTTY }, hasFile)).toEqual(expected);
  });
});

describe('createLogger on a terminal', () => {
  it('by default shows people only readable warnings and errors; the file gets every line as JSON', () => {
    const terminal = capture(true);
    const api = subsystemLogger(createLogger({ dataDir, consoleSink: terminal, format: 'auto' }), 'api');
    api.info('Server listening at http://127.0.0.1:7780');
    api.warn('slow answer');

    expect(terminal.lines()).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\dZ WARN api: slow answer$/)]);
    expect(terminal.lines().some(looksLikeJson)).toBe(false);
    const file = readFileSync(logFilePath(dataDir), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(file.map((record) => record.msg)).toEqual(['Server listening at http://127.0.0.1:7780', 'slow answer']);
  });

  it('writes JSON to the terminal when --log-format json asks for it', () => {
    const terminal = capture(true);
    createLogger({ dataDir, consoleSink: terminal, format: 'json' }).info('Server listening');
    expect(terminal.lines()).toHaveLength(1);
    expect(JSON.parse(terminal.lines()[0]!)).toMatchObject({ level: 30, msg: 'Server listening' });
  });
});
