import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors.js';
import type { NewEventsHook } from '../../events/event-tables.js';
import { AggregationJob, type AggregationResult } from '../../jobs/run-aggregation.js';
import { DEFAULT_SERIES_POINTS } from '../../../shared/model/network.js';
import { addressDetail, addressSummary, networkPayload } from '../../queries/index.js';
import { acquireDataDirLock } from '../../store/data-dir-lock.js';
import { databaseFile, prepareDataDir } from '../../store/data-dir.js';
import { PayloadValidator } from '../../collector/validate-payload.js';
import { openRawStore } from '../../store/mongodb/open-raw-store.js';
import { openDatabase, type SqliteDatabase } from '../../store/sqlite/open-database.js';
import { epochMs, farmerAddress, path, seriesPoints } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { READ_STORE_OPTION_DESCRIPTION, storeOption } from '../store-option.js';
import { usageError } from '../usage-error.js';

/** A one-shot command has no live views to tell about new node events: they are stored, and `events` lists them. */
const noLiveViews: NewEventsHook = () => undefined;

interface StoreOptions {
  data?: string;
  store?: string;
  fold?: boolean;
}

/**
 * Opens the store and, unless another process (a running app or collector) holds the data
 * directory, folds history stored since the last run so the answer is current. When the
 * directory is held, that process's own job keeps the aggregates current and we only read.
 */
async function withAggregates<T>(options: StoreOptions, use: (db: SqliteDatabase) => T): Promise<T> {
  const dataDir = prepareDataDir(options.data ?? null);
  const db = openDatabase(databaseFile(dataDir));
  try {
    if (options.fold !== false) {
      let lock;
      try {
        lock = acquireDataDirLock(dataDir);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      }
      if (lock !== undefined) {
        try {
          const store = await openRawStore(db, options.store ?? null, new PayloadValidator());
          await new AggregationJob(db, store, noLiveViews).run();
          if (store.kind === 'mongodb') await store.close();
        } finally {
          lock.release();
        }
      }
    }
    return use(db);
  } finally {
    if (db.open) db.close();
  }
}

function printPayloadText(db: SqliteDatabase): void {
  const payload = networkPayload(db);
  if (payload.asOf === null) {
    console.log('no history yet: run `collect`, `headless` or `import` first');
    return;
  }
  console.log(`as of ${new Date(payload.asOf).toISOString()}`);
  if (payload.latest) console.log(`storage ${payload.latest.totalTB} TB, ${payload.latest.totalFarmers} farmers online`);
  if (payload.averageCapacityGB !== null) console.log(`average capacity ${payload.averageCapacityGB} GB per farmer`);
  console.log(`uptime of ${payload.uptime.activeFarmers} active farmers: average ${payload.uptime.average ?? '–'} %`);
  const last = payload.minMaxPerDay.at(-1);
  if (last) console.log(`farmers on ${last.day}: min ${last.min}, max ${last.max}`);
}

type ReportOptions = StoreOptions & { json?: boolean; from?: number; to?: number; points?: number };

function registerReport(program: Command): void {
  program
    .command('report')
    .description('print the dashboard numbers (docs/formulas.md), folding new history first')
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .addOption(storeOption(READ_STORE_OPTION_DESCRIPTION))
    .option('--json', 'print the whole dashboard payload as JSON')
    .option('--from <ms>', 'range start, epoch ms (default: the oldest record)', epochMs)
    .option('--to <ms>', 'range end, epoch ms (default: the reference time)', epochMs)
    .option('--points <n>', `at most this many points per series (default ${DEFAULT_SERIES_POINTS})`, seriesPoints)
    .option('--no-fold', 'only read the aggregates; do not fold new history first')
    .action((options: ReportOptions, command: Command) => {
      if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
        usageError(command, "option '--from <ms>' must not be after '--to <ms>'");
      }
      return reportErrors(() =>
        withAggregates(options, (db) => {
          if (!options.json) return printPayloadText(db);
          const query = {
            ...(options.from !== undefined ? { from: options.from } : {}),
            ...(options.to !== undefined ? { to: options.to } : {}),
            ...(options.points !== undefined ? { points: options.points } : {}),
          };
          console.log(JSON.stringify(networkPayload(db, query), null, 2));
        }),
      );
    });
}

function registerSummary(program: Command): void {
  program
    .command('summary')
    .description("print an address's daily summaries: the original's /api/summary/<btc_addr> (31 days ending yesterday)")
    .argument('<btc_addr>', 'farmer address', farmerAddress)
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .addOption(storeOption(READ_STORE_OPTION_DESCRIPTION))
    .option('--json', 'print the summary array exactly as the original API did')
    .option('--no-fold', 'only read the aggregates; do not fold new history first')
    .action((address: string, options: StoreOptions & { json?: boolean }) =>
      reportErrors(() =>
        withAggregates(options, (db) => {
          if (options.json) {
            console.log(JSON.stringify(addressSummary(db, address), null, 2));
            return;
          }
          const detail = addressDetail(db, address);
          if (!detail.known) {
            console.log(`${address}: never seen`);
            return;
          }
          console.log(
            `${address}: first seen ${new Date(detail.firstSeen!).toISOString()}, last seen ${new Date(detail.lastSeen!).toISOString()}, ` +
              `uptime ${detail.uptimePercent ?? '–'} %, height ${detail.height ?? '–'}, ${detail.onlineNow ? 'online' : 'offline'}`,
          );
          for (const row of detail.summary) console.log(`  ${row.date.slice(0, 10)}  points ${row.points.toFixed(4)} of ${row.total_points.toFixed(4)}`);
        }),
      ),
    );
}

function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild every aggregate from the raw history (safe to interrupt: run it again, or let the app continue)')
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .addOption(storeOption(READ_STORE_OPTION_DESCRIPTION))
    .action((options: StoreOptions) =>
      reportErrors(async () => {
        const dataDir = prepareDataDir(options.data ?? null);
        const lock = acquireDataDirLock(dataDir);
        const db = openDatabase(databaseFile(dataDir));
        const abort = new AbortController();
        const onSignal = (): void => abort.abort();
        process.on('SIGINT', onSignal);
        try {
          const store = await openRawStore(db, options.store ?? null, new PayloadValidator());
          const total = (await store.counts()).scrapes;
          const bar = new SingleBar(
            { format: 'rebuild |{bar}| {percentage}% | {value}/{total} records | {observations} observations', hideCursor: true },
            Presets.shades_classic,
          );
          if (process.stderr.isTTY) bar.start(Math.max(total, 1), 0, { observations: 0 });
          const started = Date.now();
          let result: AggregationResult;
          try {
            result = await new AggregationJob(db, store, noLiveViews).run({
              rebuild: true,
              signal: abort.signal,
              onProgress: (progress) => bar.update(Math.min(progress.records, total), { observations: progress.observations }),
            });
            bar.update(result.cancelled ? Math.min(result.records, total) : Math.max(total, 1), { observations: result.observations });
          } finally {
            bar.stop();
            if (store.kind === 'mongodb') await store.close();
          }
          const seconds = (Date.now() - started) / 1000;
          console.log(
            `${result.cancelled ? 'interrupted' : 'rebuilt'}: ${result.records} records, ${result.observations} observations in ${seconds.toFixed(1)} s` +
              (result.foldedThrough === null ? '' : `, through ${new Date(result.foldedThrough).toISOString()}`),
          );
          if (result.cancelled) {
            console.error('the aggregates are consistent up to that point; the app or `report` continues from there');
            process.exitCode = 130;
          }
        } finally {
          process.off('SIGINT', onSignal);
          if (db.open) db.close();
          lock.release();
        }
      }),
    );
}

/** `report`, `summary` and `rebuild`: the aggregation's command-line face. */
export function registerAggregation(program: Command): void {
  registerReport(program);
  registerSummary(program);
  registerRebuild(program);
}
