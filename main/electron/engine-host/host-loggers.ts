import { createLogger, type Logger } from '../../logging/logger.js';

/**
 * The engine host's loggers, one per data directory for the host's lifetime: an engine restart
 * keeps writing to the same log file, and a new data directory gets its own. The host runs
 * without a console, so they write to the file only.
 */
export function hostLoggers(create: (dataDir: string) => Logger = (dataDir) => createLogger({ dataDir, console: false })): (dataDir: string) => Logger {
  const loggers = new Map<string, Logger>();
  return (dataDir) => {
    const existing = loggers.get(dataDir);
    if (existing !== undefined) return existing;
    const logger = create(dataDir);
    loggers.set(dataDir, logger);
    return logger;
  };
}
