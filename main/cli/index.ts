import { Command, Option } from 'commander';
import { LOG_FORMAT_VARIABLE, LOG_FORMATS, LOG_LEVEL_VARIABLE, LOG_LEVELS } from '../logging/log-settings.js';
import { registerCommands } from './commands/index.js';
import { exitCodeOf } from './usage-error.js';

interface GlobalOptions {
  logFormat?: string;
  logLevel?: string;
}

/** `driveshare-graph <command>`: one entry for every headless run mode. */
const program = new Command()
  .name('driveshare-graph')
  .description('Collect, aggregate and serve a storage network\'s status history (headless engine of the desktop app).')
  .addOption(new Option('--log-format <format>', 'log lines on standard error: pretty on a terminal, JSON otherwise (auto), or always one').choices(LOG_FORMATS))
  .addOption(new Option('--log-level <level>', 'lowest level logged (default info)').choices(LOG_LEVELS))
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(exitCodeOf(error));
  });

// Every logger of the run (and of the processes it starts) takes its defaults from the environment.
program.hook('preAction', () => {
  const options = program.opts<GlobalOptions>();
  if (options.logFormat !== undefined) process.env[LOG_FORMAT_VARIABLE] = options.logFormat;
  if (options.logLevel !== undefined) process.env[LOG_LEVEL_VARIABLE] = options.logLevel;
});

registerCommands(program);

// `report --json | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await program.parseAsync(process.argv);
