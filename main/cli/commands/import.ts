import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ORIGINAL_DATABASE, ORIGINAL_FARMERS_COLLECTION, ORIGINAL_TOTALS_COLLECTION } from '../../../shared/defaults.js';
import { AppError } from '../../../shared/errors.js';
import type { ImportProgress, ImportRequest } from '../../../shared/model/import.js';
import type { Logger } from '../../logging/logger.js';
import type { ImportPlan } from '../../importers/run-import.js';
import { acquireDataDirLock } from '../../store/data-dir-lock.js';
import { databaseFile, prepareDataDir } from '../../store/data-dir.js';
import { isMongoUri } from '../../store/mongodb/mongo-uri.js';
import type { OpenedRawStore } from '../../store/mongodb/open-raw-store.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import { importSource, path } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { INTERRUPTED_EXIT_CODE, listenForStop } from '../stop-on-signal.js';
import { storeOption } from '../store-option.js';

interface ImportOptions {
  data?: string;
  store?: string;
  database?: string;
  farmersCollection: string;
  totalsCollection: string;
  restart?: boolean;
  json?: boolean;
}

function requestOf(source: string, options: ImportOptions): ImportRequest {
  if (isMongoUri(source)) {
    return {
      kind: 'mongodb',
      uri: source,
      ...(options.database !== undefined ? { database: options.database } : {}),
      farmersCollection: options.farmersCollection,
      totalsCollection: options.totalsCollection,
    };
  }
  return { kind: 'path', path: resolve(source) };
}

function printSummary(progress: ImportProgress): void {
  const problems = progress.problems ?? progress.errors.length;
  const seconds = ((progress.finishedAt ?? Date.now()) - progress.startedAt) / 1000;
  const records = progress.imported + progress.skipped + progress.rejected;
  console.log(
    `${progress.source}: ${progress.state}: ${progress.imported} added, ${progress.skipped} already present, ${progress.rejected} rejected ` +
      `in ${seconds.toFixed(1)} s (${Math.round(records / Math.max(seconds, 0.001))} records/s)`,
  );
  if (progress.state === 'done' && records === 0) console.log('  nothing new: already imported (--restart reads it again; it adds nothing twice)');
  for (const error of progress.errors) console.error(`  ${error}`);
  if (problems > progress.errors.length) console.error(`  … and ${problems - progress.errors.length} more problems`);
  if (progress.state === 'cancelled') console.error('cancelled: run the same command again to continue where it stopped');
}

/** The outcome in the data directory's log file too: the terminal shows it once, the file keeps it for bug reports. */
function logOutcome(logger: Logger, final: ImportProgress): void {
  const fields = {
    source: final.source,
    state: final.state,
    imported: final.imported,
    skipped: final.skipped,
    rejected: final.rejected,
    problems: final.problems ?? final.errors.length,
    firstProblems: final.errors.slice(0, 10),
  };
  if (final.state === 'failed') logger.error(fields, 'import failed');
  else if (final.state === 'cancelled') logger.warn(fields, 'import cancelled');
  else logger.info(fields, 'import finished');
}

/** The data directory's lock; when the app holds it, says how to import through the app instead. */
function lockForImport(dataDir: string): ReturnType<typeof acquireDataDirLock> {
  try {
    return acquireDataDirLock(dataDir);
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') {
      throw new AppError('conflict', `${error.message}, or import through the running app (its Import view, or POST /api/v1/imports)`);
    }
    throw error;
  }
}

/** Runs each planned import in turn into the store, printing each outcome; stops after the current batch on Ctrl-C. */
async function runPlans(plans: readonly ImportPlan[], store: OpenedRawStore, db: SqliteDatabase, options: ImportOptions, logger: Logger, signal: AbortSignal): Promise<void> {
  const [{ executeImport }, { ProgressDisplay }] = await Promise.all([import('../../importers/run-import.js'), import('../import-progress.js')]);
  for (const plan of plans) {
    if (signal.aborted) break;
    const display = new ProgressDisplay();
    const final = await executeImport({ store, db, addresses: store.addresses }, plan, {
      signal,
      restart: options.restart ?? false,
      onProgress: (progress) => display.update(progress),
    });
    display.endStep();
    logOutcome(logger, final);
    if (options.json) console.log(JSON.stringify(final));
    else printSummary(final);
    if (final.state === 'failed') process.exitCode = 1;
    if (final.state === 'cancelled') process.exitCode = INTERRUPTED_EXIT_CODE;
  }
}

/**
 * The data directory locked, the store open, the sources imported, and everything released again.
 * Ctrl-C (or SIGTERM) ends the import after the batch it is writing (each batch is one
 * transaction with its resume marker), then prints "stopped"; the exit status is then 130.
 */
async function importSources(sources: readonly string[], options: ImportOptions, stop: AbortSignal): Promise<void> {
  const [{ planImport }, { createLogger, subsystemLogger }, { openDatabase }, { closeDatabase }, { openRawStore }, { PayloadValidator }] = await Promise.all([
    import('../../importers/run-import.js'),
    import('../../logging/logger.js'),
    import('../../store/sqlite/open-database.js'),
    import('../../store/sqlite/close-database.js'),
    import('../../store/mongodb/open-raw-store.js'),
    import('../../collector/validate-payload.js'),
  ]);
  const plans = sources.map((source) => planImport(requestOf(source, options)));
  const dataDir = prepareDataDir(options.data ?? null);
  const lock = lockForImport(dataDir);
  const logger = subsystemLogger(createLogger({ dataDir, console: false }), 'importers');
  const db = openDatabase(databaseFile(dataDir));
  try {
    const store = await openRawStore(db, options.store ?? null, new PayloadValidator(), stop);
    try {
      await runPlans(plans, store, db, options, logger, stop);
    } finally {
      if (store.kind === 'mongodb') await store.close();
    }
  } finally {
    closeDatabase(db);
    lock.release();
  }
}

/** `import`: the original's history (mongodump, live MongoDB, network.db, summary.db) into the store. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      "import the original driveshare-graph's history: a mongodump folder or .bson files (farmers, totalStorage), " +
        'a live mongodb:// database, network.db and summary.db. Resumable (run again to continue) and idempotent.',
    )
    .argument(
      '<sources...>',
      'mongodump folder, .bson file, network.db, summary.db, a folder holding them, or mongodb://…',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), importSource(value)],
    )
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .addOption(storeOption())
    .option('--database <name>', `database of a mongodb:// source (default: the one in the URI, else ${ORIGINAL_DATABASE})`)
    .option('--farmers-collection <name>', 'farmers collection of a mongodb:// source', ORIGINAL_FARMERS_COLLECTION)
    .option('--totals-collection <name>', 'totalStorage collection of a mongodb:// source', ORIGINAL_TOTALS_COLLECTION)
    .option('--restart', 'ignore saved progress and read every source from its start (adds nothing twice)')
    .option('--json', 'print each final ImportProgress as JSON instead of a summary')
    .action(async (sources: string[], options: ImportOptions) => {
      const request = listenForStop({ action: 'ending after the batch being written, closing the store' });
      try {
        await reportErrors(() => importSources(sources, options, request.signal));
      } finally {
        request.dispose();
      }
      if (!request.signal.aborted) return;
      console.log('stopped');
      // Everything is closed, but the MongoDB driver keeps a socket cancelled mid-handshake open
      // until its connect timeout: a stopped import exits now instead of waiting for it.
      process.exit(process.exitCode ?? INTERRUPTED_EXIT_CODE);
    });
}
