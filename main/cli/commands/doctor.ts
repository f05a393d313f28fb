import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { describeError } from '../../../shared/errors.js';
import { acquireDataDirLock } from '../../store/data-dir-lock.js';
import { databaseFile } from '../../store/data-dir.js';
import type { RecoveryReport } from '../../store/sqlite/recover-store.js';
import { existingDataDir } from '../existing-store.js';
import { reportErrors } from '../report-error.js';

interface DoctorOptions {
  data?: string;
  recover?: boolean;
}

/** Problems `integrity_check` lists before the doctor stops reading; enough to judge the damage. */
const MAX_PROBLEMS = 20;

/** The full check of every page and index; a file SQLite cannot read at all is one problem. */
async function integrityProblems(file: string): Promise<string[]> {
  const [{ default: Database }, { checkProblems }] = await Promise.all([import('better-sqlite3'), import('../../store/sqlite/store-health.js')]);
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return checkProblems(db, 'integrity_check', MAX_PROBLEMS);
    } finally {
      db.close();
    }
  } catch (error) {
    return [describeError(error)];
  }
}

function printRecovery(file: string, report: RecoveryReport): void {
  console.log(`recovered ${file} (${report.method === 'vacuum' ? 'a whole copy' : 'copied row by row'}); the damaged file is kept as ${report.keptAside}`);
  for (const [table, rows] of Object.entries(report.copied)) {
    const skipped = report.skipped[table];
    console.log(`  ${table}: ${rows} rows${skipped === undefined ? '' : `, unreadable parts skipped ${skipped} time${skipped === 1 ? '' : 's'}`}`);
  }
  console.log('then run `driveshare-graph rebuild` with the same --data so the aggregates match the recovered history');
}

/** `doctor`: checks the store's SQLite file fully and, with --recover, rescues what is readable. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description("check the store's database file page by page (integrity_check); --recover copies what is readable into a new file and keeps the damaged one aside")
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)')
    .option('--recover', 'copy what is readable into a new store file, keeping the damaged one as <file>.damaged-<time>')
    .action((options: DoctorOptions) =>
      reportErrors(async () => {
        const dataDir = existingDataDir(options);
        const file = databaseFile(dataDir);
        const started = Date.now();
        const problems = await integrityProblems(file);
        const megabytes = (statSync(file).size / 1024 / 1024).toFixed(1);
        if (problems.length === 0) {
          console.log(`ok: ${file} (${megabytes} MiB) passed integrity_check in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          return;
        }
        console.error(`${file} is damaged:`);
        for (const problem of problems) console.error(`  ${problem}`);
        if (!options.recover) {
          console.error(`run \`driveshare-graph doctor --data ${dataDir} --recover\` (with the app stopped) to copy what is readable into a new file`);
          process.exitCode = 1;
          return;
        }
        // Nothing may write the store while it is copied and swapped.
        const lock = acquireDataDirLock(dataDir);
        const { recoverStore } = await import('../../store/sqlite/recover-store.js');
        try {
          printRecovery(file, recoverStore(file));
        } finally {
          lock.release();
        }
      }),
    );
}
