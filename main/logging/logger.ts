import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type DestinationStream, type LevelWithSilent, type Logger as PinoLogger } from 'pino';

/**
 * The one logger every subsystem writes to: pino, made once by the entry point (CLI, headless,
 * engine host, desktop shell) and handed down, with a named child per subsystem.
 */
export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

/** The subsystems that log; a child logger carries its name in every line. */
export type Subsystem = 'engine' | 'collector' | 'store' | 'jobs' | 'importers' | 'api' | 'cli' | 'shell' | 'host' | 'simulator' | 'settings';

export function subsystemLogger(parent: Logger, subsystem: Subsystem): Logger {
  return parent.child({ subsystem });
}

/** A logger that drops everything: tests, and one-off commands that print their own results. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Where a data directory keeps its log files (an operator attaches them to a bug report). */
export function logsDirectory(dataDir: string): string {
  return join(dataDir, 'logs');
}

export const LOG_FILE_NAME = 'driveshare-graph.log';

export interface LoggerOptions {
  /** Lowest level written; default info. */
  level?: LogLevel;
  /** Also write JSON lines to `<dataDir>/logs/driveshare-graph.log`; null or absent: no file. */
  dataDir?: string | null;
  /** Write to standard error as well (the CLI and headless); false for the desktop's processes. */
  console?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const streams: { level: LogLevel; stream: DestinationStream }[] = [];
  if (options.console ?? true) streams.push({ level, stream: pino.destination({ fd: 2, sync: true }) });
  if (options.dataDir) {
    const directory = logsDirectory(options.dataDir);
    mkdirSync(directory, { recursive: true });
    streams.push({ level, stream: pino.destination({ dest: join(directory, LOG_FILE_NAME), mkdir: true, sync: false }) });
  }
  if (streams.length === 0) return silentLogger();
  return pino({ level, redact: { paths: ['password', '*.password', 'token', '*.token', 'uri', '*.uri'], censor: '[redacted]' } }, pino.multistream(streams));
}
