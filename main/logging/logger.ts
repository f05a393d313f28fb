import { pino, type Logger as PinoLogger } from 'pino';

/**
 * The one logger every subsystem writes to: pino, handed in from the entry point (CLI, headless,
 * engine host), with a named child per subsystem (`logger.child({ subsystem: 'collector' })`).
 */
export type Logger = PinoLogger;

/** The subsystems that log; a child logger carries its name in every line. */
export type Subsystem = 'engine' | 'collector' | 'store' | 'jobs' | 'importers' | 'api' | 'cli' | 'shell' | 'host' | 'simulator';

export function subsystemLogger(parent: Logger, subsystem: Subsystem): Logger {
  return parent.child({ subsystem });
}

/** A logger that drops everything: tests and one-off commands that print their own results. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
