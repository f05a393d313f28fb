import type { Settings } from '../../shared/model/settings.js';
import type { EngineJobs } from '../jobs/engine-jobs.js';
import type { SettingsStore } from '../settings/settings-store.js';

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((value, index) => value === b[index]);

/**
 * The jobs derive node events for the watched addresses and thresholds in the settings: the
 * current ones now, and again whenever a view changes either. Returns the unsubscribe.
 */
export function followEventSettings(settings: SettingsStore, jobs: EngineJobs): () => void {
  const configure = (current: Settings): void => jobs.configureEvents({ watched: current.watchedAddresses, rules: current.eventRules });
  configure(settings.get());
  return settings.onChange((next, previous) => {
    if (sameList(next.watchedAddresses, previous.watchedAddresses) && JSON.stringify(next.eventRules) === JSON.stringify(previous.eventRules)) return;
    configure(next);
  });
}
