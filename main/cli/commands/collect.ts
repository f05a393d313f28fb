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
import { stopOnSignal } from '../stop-on-signal.js';

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

/** `collect`: scrape a status server into the data directory, once or every interval until Ctrl-C. */
export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('scrape a dataserv-compatible status server into the local store')
    .requiredOption('--source <url>', 'base URL of the status server (…/api/online/json and …/api/total)', httpUrl)
    .option('--once', 'scrape once, print the result and exit (exit code 1 if the scrape failed)')
    .option('--data <dir>', 'data directory (default: the OS per-user app-data folder)', path)
    .addOption(storeOption())
    .option('--interval <seconds>', 'seconds between scrapes', integerIn(INTERVAL_SECONDS_BOUNDS), DEFAULT_INTERVAL_SECONDS)
    .option('--timeout <seconds>', 'request timeout in seconds', integerIn(TIMEOUT_SECONDS_BOUNDS), DEFAULT_TIMEOUT_SECONDS)
    .option('--retention-days <days>', 'days of raw snapshots to keep (0: forever)', integerIn(RETENTION_DAYS_BOUNDS), DEFAULT_RETENTION_DAYS)
    .option('--log-retention-days <days>', 'days of scrape-log detail to keep (failed scrapes, rejection notes)', integerIn(SCRAPE_LOG_RETENTION_DAYS_BOUNDS), DEFAULT_SCRAPE_LOG_RETENTION_DAYS)
    .action((options: CollectOptions) =>
      reportErrors(async () => {
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
          startCollector: !options.once,
        });
        const collector = engine.collector!;
        if (options.once) {
          const outcome = await collector.scrapeNow();
          if (outcome) console.log(formatScrapeLine(outcome, collector.status()));
          await engine.stop();
          process.exitCode = outcome?.ok ? 0 : 1;
          return;
        }
        console.log(`collecting from ${options.source} into ${engine.dataDir} every ${options.interval} s (Ctrl-C stops)`);
        collector.on('scrape', (outcome) => console.log(formatScrapeLine(outcome, collector.status())));
        await stopOnSignal(() => engine.stop());
        console.log('stopped');
      }),
    );
}
