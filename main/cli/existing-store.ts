import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATABASE_FILE_NAME, databaseFile, defaultDataDir, defaultDemoDataDir } from '../store/data-dir.js';
import { ExitStatusError } from './report-error.js';

/**
 * Exit status of a command that only reads, pointed at a folder without a store: nothing to read
 * (and nothing was created there). Apart from 1 (failed) and 2 (bad usage), so a script can tell.
 */
export const NO_STORE_EXIT_CODE = 3;

/** How the reading commands describe `--data` and `--demo`. */
export const DATA_OPTION_DESCRIPTION = 'data directory (default: the OS per-user app-data folder)';
export const DEMO_OPTION_DESCRIPTION = "read the demo's data directory (what `npm run demo` fills: the default folder's demo subfolder)";

/** The options every reading command takes to say which data directory it reads. */
export interface DataDirChoice {
  data?: string;
  demo?: boolean;
}

/** Where the data directory of a reading command is, resolved as the engine resolves it but never created. */
export function dataDirToRead(choice: DataDirChoice): string {
  if (choice.data !== undefined && choice.data !== '') return resolve(choice.data);
  return choice.demo ? defaultDemoDataDir() : defaultDataDir();
}

/**
 * The flag to add when the default folder was read but the demo's folder has a store (the demo
 * keeps its history apart), else null. For the "nothing here" messages of the reading commands.
 */
export function demoHint(choice: DataDirChoice): string | null {
  if ((choice.data !== undefined && choice.data !== '') || choice.demo) return null;
  const demoDir = defaultDemoDataDir();
  return existsSync(databaseFile(demoDir)) ? `the demo's history is in ${demoDir}: add --demo` : null;
}

/** The data directory to read, which must hold a store; otherwise an error with exit status 3 that says what to do. */
export function existingDataDir(choice: DataDirChoice): string {
  const dataDir = dataDirToRead(choice);
  if (existsSync(databaseFile(dataDir))) return dataDir;
  const explicit = choice.data !== undefined && choice.data !== '';
  if (choice.demo && !explicit) {
    throw new ExitStatusError('not_found', `no demo history in ${dataDir} yet: \`npm run demo\` fills it`, NO_STORE_EXIT_CODE);
  }
  const hint = demoHint(choice) ?? (explicit ? '`collect`, `headless` or `import` create one' : '`collect`, `headless` or `import` create one, or read another folder with --data DIR');
  throw new ExitStatusError('not_found', `no store in ${dataDir} (no ${DATABASE_FILE_NAME} there): ${hint}`, NO_STORE_EXIT_CODE);
}
