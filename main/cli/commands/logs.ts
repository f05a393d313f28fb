import { resolve } from 'node:path';
import type { Command } from 'commander';
import { logFilePath, LOG_FILE_NAME, SHELL_LOG_FILE_NAME } from '../../logging/log-files.js';
import { followLog, readLastLines } from '../../logging/log-reader.js';
import { formatLogLine } from '../../logging/pretty-line.js';
import { defaultDataDir, defaultDemoDataDir } from '../../store/data-dir.js';
import { integerIn, path } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';

interface LogsOptions {
  data?: string;
  demo?: boolean;
  lines: number;
  follow?: boolean;
  path?: boolean;
  json?: boolean;
  shell?: boolean;
}

const DEFAULT_LINES = 50;

/** The data directory as the engine resolves it, without creating it: reading logs changes nothing. */
function dataDirOf(options: LogsOptions): string {
  if (options.data !== undefined && options.data !== '') return resolve(options.data);
  return options.demo ? defaultDemoDataDir() : defaultDataDir();
}

/** Stops following on the first Ctrl-C (or SIGTERM); the signal handlers go with it. */
function abortOnSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function showLog(path: string, options: LogsOptions): Promise<void> {
  const { configuredLogFormat, isPretty } = await import('../../logging/logger.js');
  const pretty = !options.json && isPretty(configuredLogFormat(), process.stdout);
  const print = (line: string): void => {
    process.stdout.write(`${pretty ? formatLogLine(line) : line}\n`);
  };
  const last = readLastLines(path, options.lines);
  if (last.position === null && last.lines.length === 0) {
    if (!options.follow) {
      console.error(`no log yet: ${path} does not exist (collect, headless and the desktop app write it in their data directory)`);
      process.exitCode = 1;
      return;
    }
    console.error(`no log yet at ${path}: waiting for it (Ctrl-C stops)`);
  }
  for (const line of last.lines) print(line);
  if (options.follow) await followLog(path, print, { from: last.position, signal: abortOnSignal() });
}

/** `logs`: where the log file is, its last lines, or every new line as it is written. */
export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description('show the log of a data directory: its last lines, or follow it (attach the file to a bug report: --path)')
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .option('--demo', "the demo's data directory (what `headless --demo` uses)")
    .option('--lines <count>', 'how many of the last lines to show', integerIn({ minimum: 0, maximum: 1_000_000 }), DEFAULT_LINES)
    .option('--follow', 'keep printing new lines as they are written, until Ctrl-C')
    .option('--path', "print the log file's path and exit")
    .option('--json', 'print the raw JSON lines (default: readable lines on a terminal, see --log-format)')
    .option('--shell', `the desktop app's main-process log (${SHELL_LOG_FILE_NAME}) instead of the engine's (${LOG_FILE_NAME})`)
    .action((options: LogsOptions) =>
      reportErrors(async () => {
        const path = logFilePath(dataDirOf(options), options.shell ? SHELL_LOG_FILE_NAME : LOG_FILE_NAME);
        if (options.path) {
          console.log(path);
          return;
        }
        await showLog(path, options);
      }),
    );
}
