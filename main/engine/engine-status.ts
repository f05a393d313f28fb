import packageJson from '../../package.json' with { type: 'json' };
import type { BackfillProgress, SetForThisRun, Status } from '../../shared/model/status.js';
import type { Collector } from '../collector/collector.js';
import type { RawStore } from '../store/raw-store.js';

export interface StatusSources {
  rawStore: RawStore;
  collector: Collector | null;
  jobs: { status(): Status['jobs'] };
  /** Reported as the interval of an engine without a collector. */
  intervalSeconds: number;
  /** The backfill's progress while it fills the history (the collector then reports `backfilling`), else null. */
  backfill(): BackfillProgress | null;
  /** How the settings store keeps the alert channels' secrets. */
  secrets: Status['secrets'];
  /** Settings given on this run's command line. */
  setForThisRun?: readonly SetForThisRun[];
}

/** The engine's status: collector, jobs, secrets and store, composed from their own reports. */
export function engineStatus(sources: StatusSources): () => Promise<Status> {
  return async () => {
    const counts = await sources.rawStore.counts();
    const collectorStatus = sources.collector?.status() ?? stoppedCollector(sources.intervalSeconds);
    const backfill = sources.backfill();
    return {
      version: packageJson.version,
      collector: backfill !== null ? { ...collectorStatus, state: 'backfilling' } : collectorStatus,
      jobs: sources.jobs.status(),
      secrets: { ...sources.secrets },
      store: { kind: sources.rawStore.kind, ...counts },
      backfill,
      ...(sources.setForThisRun !== undefined && sources.setForThisRun.length > 0 ? { setForThisRun: [...sources.setForThisRun] } : {}),
    };
  };
}

function stoppedCollector(intervalSeconds: number): Status['collector'] {
  return {
    state: 'stopped',
    source: null,
    intervalSeconds,
    lastScrape: null,
    lastError: null,
    nextScrapeAt: null,
    scrapesOk: 0,
    scrapesFailed: 0,
    consecutiveFailures: 0,
  };
}
