import { describeError } from '../../../shared/errors.js';
import { SHELL_LOG_FILE_NAME, createLogger, subsystemLogger, type Logger } from '../../logging/logger.js';

export type ShellLogLevel = 'info' | 'warn' | 'error';

/** Makes the shell's logger: to the console while the data folder is unknown (null), else to its log file. */
export type ShellLoggerFactory = (dataDir: string | null) => Logger;

/**
 * The desktop's main process has no terminal once installed, so its lines go to the data folder's
 * log file — its own (shell.log): the engine host writes driveshare-graph.log, and each file is
 * rotated by its one writer.
 */
export const shellLogger: ShellLoggerFactory = (dataDir) =>
  subsystemLogger(createLogger(dataDir === null ? { console: true } : { dataDir, console: false, fileName: SHELL_LOG_FILE_NAME }), 'shell');

/**
 * The shell's log. The data folder (where the log file lives) is a setting the engine host owns,
 * so it is known only once the host reports the settings; until then lines go to the console.
 * When the folder changes, the log follows it.
 */
export class ShellLog {
  readonly #create: ShellLoggerFactory;
  #logger: Logger;
  #dataDir: string | null = null;

  constructor(create: ShellLoggerFactory) {
    this.#create = create;
    this.#logger = create(null);
  }

  /** The data folder the log file is in, or null while lines go to the console. */
  get dataDir(): string | null {
    return this.#dataDir;
  }

  useDataDir(dataDir: string): void {
    if (dataDir === this.#dataDir) return;
    try {
      const next = this.#create(dataDir);
      this.#logger.flush();
      this.#logger = next;
      this.#dataDir = dataDir;
    } catch (error) {
      // An unwritable folder must not stop the app; the engine reports the same folder's problem itself.
      this.#logger.warn(`cannot write the log file in ${dataDir}: ${describeError(error)}`);
    }
  }

  write(level: ShellLogLevel, message: string): void {
    this.#logger[level](message);
  }

  /** An unexpected failure, with its stack (pino serialises `err`). */
  failure(message: string, error: unknown): void {
    this.#logger.error({ err: error }, `${message}: ${describeError(error)}`);
  }
}
