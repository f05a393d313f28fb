import { AppError } from '../../shared/errors.js';
import { MS_PER_SECOND } from '../../shared/defaults.js';
import type { Settings } from '../../shared/model/settings.js';
import type { Collector } from '../collector/collector.js';
import type { SettingsStore } from '../settings/settings-store.js';

/** The collection values a run was started with (command-line options, or the desktop's own settings). */
export interface RunCollectionValues {
  timeoutSeconds?: number;
  retentionDays?: number;
  scrapeLogRetentionDays?: number;
}

const COLLECTION_KEYS = ['sourceUrl', 'intervalSeconds', 'requestTimeoutSeconds', 'retentionDays', 'scrapeLogRetentionDays'] as const satisfies readonly (keyof Settings)[];
type CollectionSettings = Pick<Settings, (typeof COLLECTION_KEYS)[number]>;

/**
 * Writes the collection values this run uses (`--source`, `--interval`, … or the desktop's own
 * settings, then a no-op) into the settings store, so the Settings view shows what is in effect.
 * A value the settings cannot hold (a test's sub-second interval) is left as it was: the running
 * collector keeps it for this run only. A value the store cannot save (its file cannot be
 * written) is still shown, in memory only, since it is the one in use.
 */
export function syncCollectionSettings(settings: SettingsStore, running: { source: string | null; intervalSeconds: number }, run: RunCollectionValues): void {
  const current = settings.get();
  const wanted: CollectionSettings = {
    sourceUrl: running.source ?? current.sourceUrl,
    intervalSeconds: running.intervalSeconds,
    requestTimeoutSeconds: run.timeoutSeconds ?? current.requestTimeoutSeconds,
    retentionDays: run.retentionDays ?? current.retentionDays,
    scrapeLogRetentionDays: run.scrapeLogRetentionDays ?? current.scrapeLogRetentionDays,
  };
  for (const key of COLLECTION_KEYS) {
    if (current[key] === wanted[key]) continue;
    try {
      settings.update({ [key]: wanted[key] });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') settings.useForThisRun({ [key]: wanted[key] });
      // Otherwise out of the settings' bounds: not persisted, by design (see above).
    }
  }
}

/** Collection settings changed in a view apply to the running collector at once; returns the unsubscribe. */
export function followCollectionSettings(settings: SettingsStore, collector: Collector): () => void {
  return settings.onChange((next, previous) =>
    collector.configure({
      source: next.sourceUrl !== previous.sourceUrl ? next.sourceUrl : undefined,
      intervalMs: next.intervalSeconds !== previous.intervalSeconds ? next.intervalSeconds * MS_PER_SECOND : undefined,
      timeoutMs: next.requestTimeoutSeconds !== previous.requestTimeoutSeconds ? next.requestTimeoutSeconds * MS_PER_SECOND : undefined,
      retentionDays: next.retentionDays !== previous.retentionDays ? next.retentionDays : undefined,
      scrapeLogRetentionDays: next.scrapeLogRetentionDays !== previous.scrapeLogRetentionDays ? next.scrapeLogRetentionDays : undefined,
    }),
  );
}
