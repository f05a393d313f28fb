import type { Command } from 'commander';
import {
  DEFAULT_API_PORT,
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SCRAPE_LOG_RETENTION_DAYS,
  DEFAULT_SIMULATED_FARMERS,
  DEFAULT_SIMULATION_SEED,
  DEFAULT_TIMEOUT_SECONDS,
  DEMO_HISTORY_DAYS,
  INTERVAL_SECONDS_BOUNDS,
  MS_PER_DAY,
  PORT_BOUNDS,
  RETENTION_DAYS_BOUNDS,
  SCRAPE_LOG_RETENTION_DAYS_BOUNDS,
  TIMEOUT_SECONDS_BOUNDS,
} from '../../../shared/defaults.js';
import type { BackfillContext, Engine } from '../../engine/engine.js';
import { prepareDataDir } from '../../store/data-dir.js';
import type { SimulatedNetwork } from '../../simulator/network-model.js';
import type { Simulator } from '../../simulator/server.js';
import { announceDashboard } from '../announce-dashboard.js';
import { farmerCount, httpUrl, integerIn, path } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { settingsSetOnCommandLine, type OptionSource } from '../set-for-this-run.js';
import { storeOption } from '../store-option.js';
import { formatScrapeLine } from '../status-lines.js';
import { listenForStop, whenAborted } from '../stop-on-signal.js';
import { usageError } from '../usage-error.js';

interface HeadlessOptions {
  store?: string;
  source?: string;
  demo?: boolean;
  data?: string;
  port: number;
  farmers: number;
  seed: string;
  historyDays: number;
  interval?: number;
  timeout: number;
  retentionDays: number;
  logRetentionDays: number;
}

/** The demo scrapes every minute so a visitor sees new points arrive; real servers update every 5 min. */
const DEMO_INTERVAL_SECONDS = 60;
/** Up to a year of simulated history: more takes minutes to fill and shows nothing new. */
const HISTORY_DAYS_BOUNDS = { minimum: 0, maximum: 365 };

/** Where the history ends, so the backfill fills only the gap since (null: no history yet). */
async function newestScrapeTime(context: BackfillContext, now: number): Promise<number | null> {
  if (context.rawStore.kind !== 'sqlite') {
    // A shared MongoDB store is not ours to fill gaps in: any history there counts as complete.
    return (await context.rawStore.counts()).scrapes > 0 ? now : null;
  }
  const row = context.db.prepare<[], { newest: number | null }>('SELECT MAX(time) AS newest FROM scrapes WHERE ok = 1').get();
  return row?.newest ?? null;
}

/** What a run has started, held in one object: the start-up and the shutdown both reach them. */
interface HeadlessRun {
  simulator: Simulator | null;
  engine: Engine | null;
  /** Aborted by the first Ctrl-C: the backfill ends after the scrape it is storing. */
  stop: AbortSignal;
}

/** Fills the demo's history from the simulated network, with a progress bar; stops early when asked to. */
function demoBackfill(network: SimulatedNetwork, historyDays: number, stop: AbortSignal): (context: BackfillContext) => Promise<void> {
  return async (context) => {
    const [{ BACKFILL_STEP_MS, planBackfill }, { backfillInThread }, { backfillProgress }] = await Promise.all([
      import('../../simulator/demo-backfill.js'),
      import('../../simulator/backfill-thread.js'),
      import('../backfill-progress.js'),
    ]);
    const now = Date.now();
    const plan = planBackfill(now, await newestScrapeTime(context, now), historyDays);
    if (plan.times.length === 0) return;
    const progress = backfillProgress(`filling ${historyDays} days of demo history`);
    // A resumed backfill fills only the gap, which the dashboard names as such.
    const days = (plan.times.length * BACKFILL_STEP_MS) / MS_PER_DAY;
    const started = performance.now();
    const report = (count: number, total: number): void => {
      progress.update(count, total);
      context.progress(count, total, days);
    };
    const { databaseFile, rawStoreUri } = context;
    const done = await backfillInThread({ databaseFile, rawStoreUri, network, plan, onProgress: report, signal: stop });
    progress.finish();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const stopped = stop.aborted ? ` (stopped: ${(plan.times.length - done).toLocaleString('en-US')} left for the next start)` : '';
    console.log(`demo: stored ${done.toLocaleString('en-US')} simulated scrapes in ${seconds} s${stopped}`);
  };
}

/** Starts the simulator (with --demo) and the engine into `run`, as far as it gets; the collector is left idle. */
async function startHeadless(options: HeadlessOptions, run: HeadlessRun, optionSource: OptionSource): Promise<void> {
  const [{ startEngine }, { createLogger }, { DEFAULT_RENDERER_DIR }, { startSimulator }] = await Promise.all([
    import('../../engine/engine.js'),
    import('../../logging/logger.js'),
    import('../../api/renderer.js'),
    import('../../simulator/server.js'),
  ]);
  let source = options.source ?? null;
  if (options.demo) {
    run.simulator = await startSimulator({ port: 0, farmers: options.farmers, seed: options.seed });
    source = run.simulator.url;
    console.log(`demo: simulated network of about ${options.farmers.toLocaleString('en-US')} farmers at ${source}`);
  }
  const network = run.simulator?.network;
  const intervalSeconds = options.interval ?? (options.demo ? DEMO_INTERVAL_SECONDS : DEFAULT_INTERVAL_SECONDS);
  const demo = run.simulator === null ? null : { sourceUrl: run.simulator.url, intervalSeconds };
  run.engine = await startEngine({
    logger: createLogger({ dataDir: prepareDataDir(options.data ?? null, options.demo ?? false) }),
    dataDir: options.data ?? null,
    rawStoreUri: options.store ?? null,
    demo: options.demo ?? false,
    source,
    intervalSeconds,
    setForThisRun: settingsSetOnCommandLine(optionSource, { ...options }, demo),
    timeoutSeconds: options.timeout,
    retentionDays: options.retentionDays,
    scrapeLogRetentionDays: options.logRetentionDays,
    apiPort: options.port,
    rendererDir: DEFAULT_RENDERER_DIR,
    onApiStarted: (url) => announceDashboard(url, run.stop),
    startCollector: false,
    ...(network ? { backfill: demoBackfill(network, options.historyDays, run.stop) } : {}),
  });
}

/**
 * Runs until Ctrl-C: starts everything (the dashboard answers, and says so, before the backfill),
 * then collects with one line per scrape. The first Ctrl-C ends the backfill after the scrape it
 * is storing, abandons a scrape in flight and closes the store, then prints "stopped" and exits 0.
 */
async function runHeadless(options: HeadlessOptions, optionSource: OptionSource): Promise<void> {
  const request = listenForStop({ action: 'ending the backfill or a scrape in flight, closing the store' });
  const run: HeadlessRun = { simulator: null, engine: null, stop: request.signal };
  try {
    await startHeadless(options, run, optionSource);
    const collector = run.engine!.collector!;
    if (!request.signal.aborted) {
      console.log(`collecting from ${collector.status().source} into ${run.engine!.dataDir} every ${collector.status().intervalSeconds} s (Ctrl-C stops)`);
      collector.on('scrape', (outcome) => console.log(formatScrapeLine(outcome, collector.status())));
      collector.start();
      await whenAborted(request.signal);
    }
  } finally {
    await run.engine?.stop();
    await run.simulator?.close();
    request.dispose();
  }
  console.log('stopped');
  // Everything is closed; a MongoDB socket cancelled mid-handshake would keep the process up
  // until its connect timeout, so a stopped run ends now.
  process.exit(process.exitCode ?? 0);
}

/**
 * `headless`: the whole engine without the desktop shell — collector, store, jobs and local API.
 * `--demo` runs it against the built-in simulator with 30 days of history filled in first.
 */
export function registerHeadless(program: Command): void {
  program
    .command('headless')
    .description('run the engine without the desktop app: collect from --source, or try it with --demo')
    .option('--source <url>', 'base URL of the status server to collect from', httpUrl)
    .option('--demo', `collect from a built-in simulated network, after filling in ${DEMO_HISTORY_DAYS} days of history`)
    .option('--data <dir>', 'data directory (default: the OS app-data folder; with --demo its "demo" subfolder)', path)
    .addOption(storeOption())
    .option('--port <port>', 'port of the local HTTP API (0: a free one)', integerIn(PORT_BOUNDS), DEFAULT_API_PORT)
    .option('--farmers <count>', 'with --demo: about how many farmers are online', farmerCount, DEFAULT_SIMULATED_FARMERS)
    .option('--seed <seed>', 'with --demo: seed of the simulated network', DEFAULT_SIMULATION_SEED)
    .option('--history-days <days>', 'with --demo: days of simulated history to fill in first', integerIn(HISTORY_DAYS_BOUNDS), DEMO_HISTORY_DAYS)
    .option(
      '--interval <seconds>',
      `seconds between scrapes (default ${DEFAULT_INTERVAL_SECONDS}; ${DEMO_INTERVAL_SECONDS} with --demo)`,
      integerIn(INTERVAL_SECONDS_BOUNDS),
    )
    .option('--timeout <seconds>', 'request timeout in seconds', integerIn(TIMEOUT_SECONDS_BOUNDS), DEFAULT_TIMEOUT_SECONDS)
    .option('--retention-days <days>', 'days of raw snapshots to keep (0: forever)', integerIn(RETENTION_DAYS_BOUNDS), DEFAULT_RETENTION_DAYS)
    .option('--log-retention-days <days>', 'days of scrape-log detail to keep (failed scrapes, rejection notes)', integerIn(SCRAPE_LOG_RETENTION_DAYS_BOUNDS), DEFAULT_SCRAPE_LOG_RETENTION_DAYS)
    .action((options: HeadlessOptions, command: Command) => {
      if ((options.source === undefined) === (options.demo === undefined)) {
        usageError(command, 'headless needs exactly one of --source <url> or --demo');
      }
      return reportErrors(() => runHeadless(options, (name) => command.getOptionValueSource(name)));
    });
}
