import type { Command } from 'commander';
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SCRAPE_LOG_RETENTION_DAYS,
  DEFAULT_TIMEOUT_SECONDS,
  INTERVAL_SECONDS_BOUNDS,
  RETENTION_DAYS_BOUNDS,
  SCRAPE_LOG_RETENTION_DAYS_BOUNDS,
  TIMEOUT_SECONDS_BOUNDS,
} from '../../../shared/defaults.js';
import { prepareDataDir } from '../../store/data-dir.js';
import { httpUrl, integerIn, path } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { storeOption } from '../store-option.js';
import { formatScrapeLine } from '../status-lines.js';
import { INTERRUPTED_EXIT_CODE, listenForStop, whenAborted } from '../stop-on-signal.js';

interface CollectOptions {
  store?: string;
  source: string;
  once?: boolean;
  data?: string;
  interval: number;
  timeout: number;
  retentionDays: number;
  logRetentionDays: number;
}

/**
 * Scrapes once or until Ctrl-C. The stop request is listened for before anything starts, so a
 * Ctrl-C while the store opens still ends with the lock released; a scrape in flight is abandoned
 * (one already being stored is finished first) and the store closed. Stopped, a loop exits 0 (that
 * is how it ends) and `--once` exits 130 (it did not scrape).
 */
async function runCollect(options: CollectOptions): Promise<void> {
  const request = listenForStop({ action: 'abandoning a scrape in flight (one being stored is finished), closing the store' });
  try {
    const [{ startEngine }, { createLogger }] = await Promise.all([import('../../engine/engine.js'), import('../../logging/logger.js')]);
    const engine = await startEngine({
      logger: createLogger({ dataDir: prepareDataDir(options.data ?? null) }),
      dataDir: options.data ?? null,
      rawStoreUri: options.store ?? null,
      source: options.source,
      intervalSeconds: options.interval,
      timeoutSeconds: options.timeout,
      retentionDays: options.retentionDays,
      scrapeLogRetentionDays: options.logRetentionDays,
      startCollector: !options.once && !request.signal.aborted,
    });
    const stopping = whenAborted(request.signal).then(() => engine.stop());
    const collector = engine.collector!;
    if (options.once) {
      const outcome = request.signal.aborted ? null : await collector.scrapeNow();
      if (outcome) console.log(formatScrapeLine(outcome, collector.status()));
      process.exitCode = request.signal.aborted ? INTERRUPTED_EXIT_CODE : outcome?.ok ? 0 : 1;
    } else {
      console.log(`collecting from ${options.source} into ${engine.dataDir} every ${options.interval} s (Ctrl-C stops)`);
      collector.on('scrape', (outcome) => console.log(formatScrapeLine(outcome, collector.status())));
      await stopping;
    }
    await engine.stop();
    if (request.signal.aborted) console.log('stopped');
  } finally {
    request.dispose();
  }
}

/** `collect`: scrape a status server into the data directory, once or every interval until Ctrl-C. */
export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('scrape a dataserv-compatible status server into the local store')
    .requiredOption('--source <url>', 'base URL of the status server (…/api/online/json and …/api/total)', httpUrl)
    .option('--once', 'scrape once, print the result and exit (exit code 1 if the scrape failed, 130 if stopped)')
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .addOption(storeOption())
    .option('--interval <seconds>', 'seconds between scrapes', integerIn(INTERVAL_SECONDS_BOUNDS), DEFAULT_INTERVAL_SECONDS)
    .option('--timeout <seconds>', 'request timeout in seconds', integerIn(TIMEOUT_SECONDS_BOUNDS), DEFAULT_TIMEOUT_SECONDS)
    .option('--retention-days <days>', 'days of raw snapshots to keep (0: forever)', integerIn(RETENTION_DAYS_BOUNDS), DEFAULT_RETENTION_DAYS)
    .option('--log-retention-days <days>', 'days of scrape-log detail to keep (failed scrapes, rejection notes)', integerIn(SCRAPE_LOG_RETENTION_DAYS_BOUNDS), DEFAULT_SCRAPE_LOG_RETENTION_DAYS)
    .action((options: CollectOptions) => reportErrors(() => runCollect(options)));
}
