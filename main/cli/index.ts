import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { exitCodeOf } from './usage-error.js';

/** `driveshare-graph <command>`: one entry for every headless run mode. */
const program = new Command()
  .name('driveshare-graph')
  .description('Collect, aggregate and serve a storage network\'s status history (headless engine of the desktop app).')
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(exitCodeOf(error));
  });

registerCommands(program);

// `report --json | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await program.parseAsync(process.argv);
