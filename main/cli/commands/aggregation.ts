import type { Command } from 'commander';
import { AppError } from '../../../shared/errors.js';
import type { NewEventsHook } from '../../events/event-tables.js';
import type { AggregationResult } from '../../jobs/run-aggregation.js';
import { DEFAULT_SERIES_POINTS } from '../../../shared/defaults.js';
import type { NetworkPayload } from '../../../shared/model/network.js';
import { acquireDataDirLock } from '../../store/data-dir-lock.js';
import { databaseFile, prepareDataDir } from '../../store/data-dir.js';
import type { OpenedRawStore } from '../../store/mongodb/open-raw-store.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import { DATA_OPTION_DESCRIPTION, DEMO_OPTION_DESCRIPTION, demoHint, existingDataDir, type DataDirChoice } from '../existing-store.js';
import { epochMs, farmerAddress, path, seriesPoints } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { READ_STORE_OPTION_DESCRIPTION, storeOption } from '../store-option.js';
import { INTERRUPTED_EXIT_CODE, listenForStop } from '../stop-on-signal.js';
import { usageError } from '../usage-error.js';

interface StoreOptions extends DataDirChoice {
  store?: string;
  fold?: boolean;
}

/**
 * Node events a command's fold derives go to the alert outbox inside their transaction, as the
 * app's own fold does, so the next engine run delivers them; `events` lists them.
 */
async function outboxHook(): Promise<NewEventsHook> {
  const { enqueueAlerts } = await import('../../alerts/outbox.js');
  return (db, events) => {
    enqueueAlerts(db, events, Date.now());
  };
}

/** Folds history stored since the last run into the aggregates, unless another process holds the data directory. */
async function foldNewHistory(db: SqliteDatabase, dataDir: string, storeUri: string | null, stop: AbortSignal): Promise<void> {
  let lock;
  try {
    lock = acquireDataDirLock(dataDir);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    return;
  }
  try {
    const [{ openRawStore }, { AggregationJob }, { PayloadValidator }] = await Promise.all([
      import('../../store/mongodb/open-raw-store.js'),
      import('../../jobs/run-aggregation.js'),
      import('../../collector/validate-payload.js'),
    ]);
    const store = await openRawStore(db, storeUri, new PayloadValidator(), stop);
    await new AggregationJob(db, store, await outboxHook()).run({ signal: stop });
    if (store.kind === 'mongodb') await store.close();
  } finally {
    lock.release();
  }
}

/**
 * Opens the store and, unless another process (a running app or collector) holds the data
 * directory, folds history stored since the last run so the answer is current. When the
 * directory is held, that process's own job keeps the aggregates current and we only read.
 * A folder without a store is refused (exit status 3) and left as it was, unless `--store`
 * names shared history to fold into a new local store. Ctrl-C during that fold commits what is
 * folded, prints "stopped" and exits 130 without an answer.
 */
async function withAggregates(options: StoreOptions, use: (db: SqliteDatabase) => void | Promise<void>): Promise<void> {
  const dataDir = options.store === undefined ? existingDataDir(options) : prepareDataDir(options.data ?? null, options.demo ?? false);
  const [{ openDatabase }, { closeDatabase }] = await Promise.all([import('../../store/sqlite/open-database.js'), import('../../store/sqlite/close-database.js')]);
  const db = openDatabase(databaseFile(dataDir));
  // A long first fold (history stored since the last run) stops after its current batch, like `rebuild`.
  const request = listenForStop({ action: 'committing what is folded after the current batch, closing the store' });
  try {
    if (options.fold !== false) await foldNewHistory(db, dataDir, options.store ?? null, request.signal);
    if (!request.signal.aborted) await use(db);
  } finally {
    request.dispose();
    if (db.open) closeDatabase(db);
  }
  if (!request.signal.aborted) return;
  console.log('stopped');
  process.exitCode = INTERRUPTED_EXIT_CODE;
}

const count = (value: number): string => value.toLocaleString('en-US');

/** The dashboard's figures as lines of text, with the fewest and most farmers online on every UTC day. */
function payloadLines(payload: NetworkPayload): string[] {
  const lines = [`as of ${new Date(payload.asOf!).toISOString()}`];
  if (payload.latest) lines.push(`storage ${payload.latest.totalTB} TB, ${count(payload.latest.totalFarmers)} farmers online`);
  if (payload.averageCapacityGB !== null) lines.push(`average capacity ${payload.averageCapacityGB} GB per farmer`);
  lines.push(`uptime of ${count(payload.uptime.activeFarmers)} active farmers: average ${payload.uptime.average ?? '–'} %`);
  if (payload.minMaxPerDay.length > 0) lines.push('farmers online per UTC day, fewest–most:');
  for (const day of payload.minMaxPerDay) lines.push(`  ${day.day}  ${count(day.min)}–${count(day.max)}`);
  return lines;
}

async function printPayloadText(db: SqliteDatabase, options: StoreOptions): Promise<void> {
  const { networkPayload } = await import('../../queries/index.js');
  const payload = networkPayload(db);
  if (payload.asOf !== null) {
    for (const line of payloadLines(payload)) console.log(line);
    return;
  }
  console.log('no history yet: run `collect`, `headless` or `import` first');
  const hint = demoHint(options);
  if (hint !== null) console.log(hint);
}

type ReportOptions = StoreOptions & { json?: boolean; from?: number; to?: number; points?: number };


function registerReport(program: Command): void {
  program
    .command('report')
    .description('print the dashboard numbers (docs/formulas.md), folding new history first')
    .option('--data <dir>', DATA_OPTION_DESCRIPTION, path)
    .option('--demo', DEMO_OPTION_DESCRIPTION)
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
        withAggregates(options, async (db) => {
          if (!options.json) return printPayloadText(db, options);
          const { networkPayload } = await import('../../queries/index.js');
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

/** An address's figures and its daily points as lines of text. */
async function printAddressText(db: SqliteDatabase, address: string): Promise<void> {
  const { addressDetail } = await import('../../queries/index.js');
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
}

function registerSummary(program: Command): void {
  program
    .command('summary')
    .description("print an address's daily summaries: the original's /api/summary/<btc_addr> (31 days ending yesterday)")
    .argument('<btc_addr>', 'farmer address', farmerAddress)
    .option('--data <dir>', DATA_OPTION_DESCRIPTION, path)
    .option('--demo', DEMO_OPTION_DESCRIPTION)
    .addOption(storeOption(READ_STORE_OPTION_DESCRIPTION))
    .option('--json', 'print the summary array exactly as the original API did')
    .option('--no-fold', 'only read the aggregates; do not fold new history first')
    .action((address: string, options: StoreOptions & { json?: boolean }) =>
      reportErrors(() =>
        withAggregates(options, async (db) => {
          if (!options.json) return printAddressText(db, address);
          const { addressSummary } = await import('../../queries/index.js');
          console.log(JSON.stringify(addressSummary(db, address), null, 2));
        }),
      ),
    );
}

/** Folds the whole raw history again, with a progress bar on a terminal; ends early when `stop` is aborted. */
async function foldEverything(db: SqliteDatabase, store: OpenedRawStore, stop: AbortSignal): Promise<AggregationResult> {
  const [{ SingleBar, Presets }, { AggregationJob }] = await Promise.all([import('cli-progress'), import('../../jobs/run-aggregation.js')]);
  const total = (await store.counts()).scrapes;
  const bar = new SingleBar(
    { format: 'rebuild |{bar}| {percentage}% | {value}/{total} records | {observations} observations', hideCursor: true },
    Presets.shades_classic,
  );
  if (process.stderr.isTTY) bar.start(Math.max(total, 1), 0, { observations: 0 });
  else console.error(`rebuilding from ${total} records (Ctrl-C stops after the current batch)…`);
  try {
    const result = await new AggregationJob(db, store, await outboxHook()).run({
      rebuild: true,
      signal: stop,
      onProgress: (progress) => bar.update(Math.min(progress.records, total), { observations: progress.observations }),
    });
    bar.update(result.cancelled ? Math.min(result.records, total) : Math.max(total, 1), { observations: result.observations });
    return result;
  } finally {
    bar.stop();
  }
}

/**
 * `rebuild`. Ctrl-C (or SIGTERM) ends it after the batch being folded: what is folded is committed
 * with its marker, so the aggregates are consistent and the next fold (the app, `report`) or
 * rebuild continues from there. A rebuild that was asked to stop prints "stopped" and exits 130.
 */
async function runRebuild(options: StoreOptions): Promise<void> {
  const request = listenForStop({ action: 'committing what is folded after the current batch, closing the store' });
  try {
    const [{ PayloadValidator }, { openRawStore }, { openDatabase }, { closeDatabase }] = await Promise.all([
      import('../../collector/validate-payload.js'),
      import('../../store/mongodb/open-raw-store.js'),
      import('../../store/sqlite/open-database.js'),
      import('../../store/sqlite/close-database.js'),
    ]);
    const dataDir = prepareDataDir(options.data ?? null);
    const lock = acquireDataDirLock(dataDir);
    try {
      const db = openDatabase(databaseFile(dataDir));
      try {
        const store = await openRawStore(db, options.store ?? null, new PayloadValidator(), request.signal);
        const started = Date.now();
        let result: AggregationResult;
        try {
          result = await foldEverything(db, store, request.signal);
        } finally {
          if (store.kind === 'mongodb') await store.close();
        }
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `${result.cancelled ? 'interrupted' : 'rebuilt'}: ${result.records} records, ${result.observations} observations in ${seconds.toFixed(1)} s` +
            (result.foldedThrough === null ? '' : `, through ${new Date(result.foldedThrough).toISOString()}`),
        );
        if (result.cancelled) console.error('the aggregates are consistent up to that point; the app or `report` continues from there');
      } finally {
        if (db.open) closeDatabase(db);
      }
    } finally {
      lock.release();
    }
  } finally {
    request.dispose();
  }
  if (!request.signal.aborted) return;
  console.log('stopped');
  // Everything is closed, but the MongoDB driver keeps a socket cancelled mid-handshake open
  // until its connect timeout: a stopped rebuild exits now instead of waiting for it.
  process.exit(INTERRUPTED_EXIT_CODE);
}

function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild every aggregate from the raw history (Ctrl-C stops after the current batch, exit status 130; run it again, or let the app continue)')
    .option('--data <dir>', DATA_OPTION_DESCRIPTION, path)
    .addOption(storeOption(READ_STORE_OPTION_DESCRIPTION))
    .action((options: StoreOptions) => reportErrors(() => runRebuild(options)));
}

/** `report`, `summary` and `rebuild`: the aggregation's command-line face. */
export function registerAggregation(program: Command): void {
  registerReport(program);
  registerSummary(program);
  registerRebuild(program);
}
