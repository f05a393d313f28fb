import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

/** `driveshare-graph <command>`: one entry for every headless run mode. */
const program = new Command()
  .name('driveshare-graph')
  .description('Collect, aggregate and serve a storage network\'s status history (headless engine of the desktop app).')
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(error.exitCode);
  });

registerCommands(program);

await program.parseAsync(process.argv);
