import { pino, type DestinationStream, type LevelWithSilent, type Logger as PinoLogger } from 'pino';
import { logFilePath } from './log-files.js';
import { formatLogLine } from './pretty-line.js';
import { REDACTED, REDACTED_PATHS, sanitizeLine } from './redaction.js';
import { RotatingFile } from './rotating-file.js';

export { LOG_FILE_NAME, SHELL_LOG_FILE_NAME, logFilePath, logsDirectory } from './log-files.js';

/**
 * The one logger every subsystem writes to: pino, made once by the entry point (CLI, headless,
 * engine host, desktop shell) and handed down, with a named child per subsystem.
 */
export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

/** How the console shows log lines: `auto` is `pretty` on a terminal and `json` otherwise. */
export type LogFormat = 'auto' | 'pretty' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Defaults for options a caller leaves out, so one setting reaches every logger of a run (and the
 * processes it starts): the CLI's `--log-format` and `--log-level` set them.
 */
export const LOG_FORMAT_VARIABLE = 'DRIVESHARE_LOG_FORMAT';
export const LOG_LEVEL_VARIABLE = 'DRIVESHARE_LOG_LEVEL';

/** The subsystems that log; a child logger carries its name in every line. */
export type Subsystem = 'engine' | 'collector' | 'store' | 'jobs' | 'importers' | 'api' | 'cli' | 'shell' | 'host' | 'simulator' | 'settings' | 'alerts';

export function subsystemLogger(parent: Logger, subsystem: Subsystem): Logger {
  return parent.child({ subsystem });
}

/** A logger that drops everything: tests, and one-off commands that print their own results. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Where the console lines go: standard error, or anything with the same two members. */
export interface ConsoleSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface LoggerOptions {
  /** Lowest level written; default `$DRIVESHARE_LOG_LEVEL`, else info. */
  level?: LogLevel;
  /** Also write JSON lines to a rotating file in `<dataDir>/logs/`; null or absent: no file. */
  dataDir?: string | null;
  /** Write to standard error as well (the CLI and headless); false for the desktop's processes. */
  console?: boolean;
  /** The console's format; default `$DRIVESHARE_LOG_FORMAT`, else auto. The file always gets JSON. */
  format?: LogFormat;
  /** The log file's name in the logs folder: one file per writing process (default driveshare-graph.log). */
  fileName?: string;
  /** Size at which the file is rotated; default 5 MiB. */
  maxFileBytes?: number;
  /** Files kept per log, the current one included; default 5. */
  maxFiles?: number;
  /** Where console lines go; default standard error. */
  consoleSink?: ConsoleSink;
}

function isLogFormat(value: string | undefined): value is LogFormat {
  return LOG_FORMATS.some((format) => format === value);
}

function isLogLevel(value: string | undefined): value is LogLevel {
  return LOG_LEVELS.some((level) => level === value);
}

/** The format a caller that does not choose one gets: `$DRIVESHARE_LOG_FORMAT`, else auto. */
export function configuredLogFormat(): LogFormat {
  const fromEnvironment = process.env[LOG_FORMAT_VARIABLE];
  return isLogFormat(fromEnvironment) ? fromEnvironment : 'auto';
}

function defaultLevel(): LogLevel {
  const fromEnvironment = process.env[LOG_LEVEL_VARIABLE];
  return isLogLevel(fromEnvironment) ? fromEnvironment : 'info';
}

/** Whether lines for this sink are shown pretty: always, never, or when it is a terminal. */
export function isPretty(format: LogFormat, sink: { isTTY?: boolean }): boolean {
  return format === 'pretty' || (format === 'auto' && sink.isTTY === true);
}

type LineWriter = (line: string) => void;

function consoleWriter(options: LoggerOptions): LineWriter {
  const sink = options.consoleSink ?? process.stderr;
  if (!isPretty(options.format ?? configuredLogFormat(), sink)) return (line) => sink.write(line);
  return (line) => sink.write(`${formatLogLine(line)}\n`);
}

function fileWriter(dataDir: string, options: LoggerOptions): LineWriter {
  const file = new RotatingFile(logFilePath(dataDir, options.fileName), {
    ...(options.maxFileBytes !== undefined ? { maxBytes: options.maxFileBytes } : {}),
    ...(options.maxFiles !== undefined ? { maxFiles: options.maxFiles } : {}),
  });
  return (line) => file.write(line);
}

/** One destination for pino that hands each sanitized line to the console and the file. */
function teeDestination(writers: LineWriter[]): DestinationStream {
  return {
    write(line: string) {
      for (const write of writers) write(line);
    },
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? defaultLevel();
  const writers: LineWriter[] = [];
  if (options.console ?? true) writers.push(consoleWriter(options));
  if (options.dataDir) writers.push(fileWriter(options.dataDir, options));
  if (writers.length === 0 || level === 'silent') return silentLogger();
  return pino(
    {
      level,
      // The process id tells two runs apart in one file; the host name is left out of bug reports.
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      hooks: { streamWrite: sanitizeLine },
    },
    teeDestination(writers),
  );
}
