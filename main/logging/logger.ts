import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { logFilePath } from './log-files.js';
import { LOG_FORMAT_VARIABLE, LOG_FORMATS, LOG_LEVEL_VARIABLE, LOG_LEVELS, type LogFormat, type LogLevel } from './log-settings.js';
import { formatLogLine } from './pretty-line.js';
import { REDACTED, REDACTED_PATHS, sanitizeLine } from './redaction.js';
import { RotatingFile } from './rotating-file.js';

export { LOG_FILE_NAME, SHELL_LOG_FILE_NAME, logFilePath, logsDirectory } from './log-files.js';
export { LOG_FORMAT_VARIABLE, LOG_FORMATS, LOG_LEVEL_VARIABLE, LOG_LEVELS, type LogFormat, type LogLevel } from './log-settings.js';

/**
 * The one logger every subsystem writes to: pino, made once by the entry point (CLI, headless,
 * engine host, desktop shell) and handed down, with a named child per subsystem.
 */
export type Logger = PinoLogger;

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
  /** The console's format (see consoleRoute); default `$DRIVESHARE_LOG_FORMAT`, else auto. The file always gets JSON. */
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

/** pino's number for `warn`: the lowest level a person at a terminal is shown when a file keeps the rest. */
const WARN_LEVEL = 40;

/** What the console gets: JSON or readable lines, and from which pino level up (0: all the logger writes). */
export interface ConsoleRoute {
  style: 'json' | 'pretty';
  minimumLevel: number;
}

/**
 * Terminal output is for people, logs are for machines. On a terminal (format `auto`) the console
 * shows readable lines only, and when a log file keeps everything, only warnings and errors: the
 * status lines the commands print are the human account of the run. JSON reaches the console only
 * when it is not a terminal (a pipe, a service manager) or when `--log-format json` asks for it.
 */
export function consoleRoute(format: LogFormat, sink: { isTTY?: boolean }, hasFile: boolean): ConsoleRoute {
  if (!isPretty(format, sink)) return { style: 'json', minimumLevel: 0 };
  return { style: 'pretty', minimumLevel: format === 'auto' && hasFile ? WARN_LEVEL : 0 };
}

type LineWriter = (line: string) => void;

function lineLevel(line: string): number {
  try {
    const record: unknown = JSON.parse(line);
    if (typeof record === 'object' && record !== null && 'level' in record && typeof record.level === 'number') return record.level;
  } catch {
    // Not JSON: shown, as nothing says it is below the threshold.
  }
  return Number.POSITIVE_INFINITY;
}

function consoleWriter(options: LoggerOptions): LineWriter {
  const sink = options.consoleSink ?? process.stderr;
  const route = consoleRoute(options.format ?? configuredLogFormat(), sink, Boolean(options.dataDir));
  if (route.style === 'json') return (line) => sink.write(line);
  return (line) => {
    if (route.minimumLevel === 0 || lineLevel(line) >= route.minimumLevel) sink.write(`${formatLogLine(line)}\n`);
  };
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
