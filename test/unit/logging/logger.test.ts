import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LOG_FILE_NAME,
  LOG_LEVEL_VARIABLE,
  SHELL_LOG_FILE_NAME,
  createLogger,
  logsDirectory,
  subsystemLogger,
  type ConsoleSink,
  type LoggerOptions,
} from '../../../main/logging/logger.js';

/** A console that keeps what it was given; `isTTY` decides what `format: 'auto'` picks. */
function capture(isTTY = false): ConsoleSink & { text: () => string; lines: () => string[] } {
  const chunks: string[] = [];
  return {
    isTTY,
    write: (text: string) => chunks.push(text),
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter((line) => line !== ''),
  };
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'logger-'));
});
afterEach(() => {
  delete process.env[LOG_LEVEL_VARIABLE];
  rmSync(dataDir, { recursive: true, force: true });
});

const logFile = (name = LOG_FILE_NAME): string => join(logsDirectory(dataDir), name);

describe('createLogger', () => {
  it('gives each subsystem a child whose every line carries its name', () => {
    const sink = capture();
    const root = createLogger({ consoleSink: sink, format: 'json' });
    subsystemLogger(root, 'collector').info('scrape stored');
    subsystemLogger(root, 'jobs').warn({ pending: 3 }, 'fold behind');
    expect(jsonLines(sink.text()).map((line) => [line.subsystem, line.level, line.msg])).toEqual([
      ['collector', 30, 'scrape stored'],
      ['jobs', 40, 'fold behind'],
    ]);
  });

  it('writes only lines at or above its level; the environment sets the level a caller leaves out', () => {
    const atInfo = capture();
    const info = createLogger({ consoleSink: atInfo, format: 'json' });
    info.debug('hidden');
    info.info('shown');
    expect(jsonLines(atInfo.text()).map((line) => line.msg)).toEqual(['shown']);

    process.env[LOG_LEVEL_VARIABLE] = 'debug';
    const atDebug = capture();
    createLogger({ consoleSink: atDebug, format: 'json' }).debug('now shown');
    expect(jsonLines(atDebug.text()).map((line) => line.msg)).toEqual(['now shown']);

    const explicit = capture();
    createLogger({ consoleSink: explicit, format: 'json', level: 'error' }).warn('below error');
    expect(explicit.text()).toBe('');
  });

  it('writes JSON lines to the data directory\'s log file, and the same lines to the console', () => {
    const sink = capture();
    const logger = subsystemLogger(createLogger({ dataDir, consoleSink: sink, format: 'json' }), 'engine');
    logger.info({ port: 7780 }, 'api listening');
    logger.error({ err: new Error('disk full') }, 'scrape not stored');
    const lines = jsonLines(readFileSync(logFile(), 'utf8'));
    expect(lines).toMatchObject([
      { level: 30, subsystem: 'engine', port: 7780, msg: 'api listening', pid: process.pid },
      { level: 50, subsystem: 'engine', err: { message: 'disk full' }, msg: 'scrape not stored' },
    ]);
    expect(lines[0]).not.toHaveProperty('hostname');
    expect(jsonLines(sink.text())).toEqual(lines);
  });

  it('keeps one file per writing process: the shell writes shell.log, never the engine\'s file', () => {
    createLogger({ dataDir, console: false, fileName: SHELL_LOG_FILE_NAME }).info('window shown');
    expect(readdirSync(logsDirectory(dataDir))).toEqual([SHELL_LOG_FILE_NAME]);
    expect(jsonLines(readFileSync(logFile(SHELL_LOG_FILE_NAME), 'utf8'))[0]).toMatchObject({ msg: 'window shown' });
  });

  it('rotates the file at its cap and keeps the configured number of files', () => {
    const logger = createLogger({ dataDir, console: false, maxFileBytes: 300, maxFiles: 3 });
    for (let i = 0; i < 40; i++) logger.info({ i }, 'tick');
    const names = readdirSync(logsDirectory(dataDir)).sort();
    expect(names).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`]);
    const kept = [`${LOG_FILE_NAME}.2`, `${LOG_FILE_NAME}.1`, LOG_FILE_NAME].flatMap((name) => jsonLines(readFileSync(join(logsDirectory(dataDir), name), 'utf8')));
    for (const name of names) expect(readFileSync(join(logsDirectory(dataDir), name)).length).toBeLessThanOrEqual(300);
    // The newest lines, in order, with the oldest files dropped.
    expect(kept.map((line) => line.i)).toEqual(Array.from({ length: kept.length }, (_, k) => 40 - kept.length + k));
  });

  it('shows readable lines on a terminal and JSON elsewhere; the file gets JSON either way', () => {
    const terminal = capture(true);
    const pipe = capture(false);
    const forced = capture(false);
    for (const [sink, options] of [
      [terminal, { format: 'auto' }],
      [pipe, { format: 'auto' }],
      [forced, { format: 'pretty', dataDir }],
    ] as Array<[ConsoleSink, LoggerOptions]>) {
      subsystemLogger(createLogger({ ...options, consoleSink: sink }), 'collector').warn({ code: 'timeout' }, 'scrape failed');
    }
    const readable = /^\d\d:\d\d:\d\dZ WARN collector: scrape failed code=timeout$/;
    expect(terminal.lines()).toEqual([expect.stringMatching(readable)]);
    expect(forced.lines()).toEqual([expect.stringMatching(readable)]);
    expect(jsonLines(pipe.text())).toMatchObject([{ level: 40, subsystem: 'collector', code: 'timeout', msg: 'scrape failed' }]);
    expect(jsonLines(readFileSync(logFile(), 'utf8'))).toMatchObject([{ level: 40, msg: 'scrape failed' }]);
  });

  it('never writes secrets: secret keys, credentials in URIs anywhere in a line, secret query parameters', () => {
    const sink = capture();
    const logger = createLogger({ dataDir, consoleSink: sink, format: 'json' });
    logger.warn(
      { uri: 'mongodb://farmer:hunter2@db.example:27017/GroupB', password: 'hunter2', request: { token: 'hunter2', path: '/a' } },
      'cannot reach mongodb+srv://admin:hunter2@cluster.example/GroupB?retryWrites=true',
    );
    logger.error({ err: new Error('auth failed for mongodb://farmer:hunter2@db.example/GroupB') }, 'store unavailable');
    logger.info({ source: 'http://status.example/api/total?token=hunter2&x=1' }, 'source set');
    for (const text of [sink.text(), readFileSync(logFile(), 'utf8')]) {
      expect(text).not.toContain('hunter2');
      const [first, second, third] = jsonLines(text);
      expect(first).toMatchObject({
        uri: 'mongodb://[redacted]@db.example:27017/GroupB',
        password: '[redacted]',
        request: { token: '[redacted]', path: '/a' },
        msg: 'cannot reach mongodb+srv://[redacted]@cluster.example/GroupB?retryWrites=true',
      });
      expect(second).toMatchObject({ err: { message: 'auth failed for mongodb://[redacted]@db.example/GroupB' } });
      expect(third).toMatchObject({ source: 'http://status.example/api/total?token=[redacted]&x=1' });
    }
  });

  it('cuts over-long strings, so a body or a file\'s contents logged by mistake stays out of the log', () => {
    const sink = capture();
    const body = 'x'.repeat(50_000);
    createLogger({ consoleSink: sink, format: 'json' }).warn({ body }, 'unexpected answer');
    const [line] = jsonLines(sink.text());
    expect(line?.msg).toBe('unexpected answer');
    expect(line?.body).toMatch(/^x{4096}… \[45904 more characters\]$/);
  });

  it('keeps running when the log file cannot be written', () => {
    const blocked = join(dataDir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the data directory should be');
    const sink = capture();
    const logger = createLogger({ dataDir: blocked, consoleSink: sink, format: 'json' });
    expect(() => logger.error('still reported')).not.toThrow();
    expect(jsonLines(sink.text())).toMatchObject([{ msg: 'still reported' }]);
  });

  it('is silent without a console or a file', () => {
    expect(createLogger({ console: false }).isLevelEnabled('fatal')).toBe(false);
  });
});
