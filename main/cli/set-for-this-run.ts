import type { Settings } from '../../shared/model/settings.js';
import type { SetForThisRun } from '../../shared/model/status.js';

/** Where commander says an option's value came from: the command line, a default, … */
export type OptionSource = (optionName: string) => string | undefined;

/** The options of `headless` that set a field of the settings, by commander's attribute name. */
const SETTING_OPTIONS: readonly { attribute: string; option: string; setting: keyof Settings }[] = [
  { attribute: 'source', option: '--source', setting: 'sourceUrl' },
  { attribute: 'interval', option: '--interval', setting: 'intervalSeconds' },
  { attribute: 'timeout', option: '--timeout', setting: 'requestTimeoutSeconds' },
  { attribute: 'retentionDays', option: '--retention-days', setting: 'retentionDays' },
  { attribute: 'logRetentionDays', option: '--log-retention-days', setting: 'scrapeLogRetentionDays' },
  { attribute: 'port', option: '--port', setting: 'apiPort' },
  { attribute: 'data', option: '--data', setting: 'dataDir' },
];

/**
 * The settings this run's command line set, with the option that did and the value the run uses:
 * only options typed on the command line count (a default filled in by commander does not).
 * `--demo` sets the source (the built-in simulator) and, without `--interval`, the demo's interval.
 */
export function settingsSetOnCommandLine(
  source: OptionSource,
  values: Record<string, unknown>,
  demo: { sourceUrl: string; intervalSeconds: number } | null,
): SetForThisRun[] {
  const given: SetForThisRun[] = [];
  for (const { attribute, option, setting } of SETTING_OPTIONS) {
    const value = values[attribute];
    if (source(attribute) !== 'cli' || (typeof value !== 'string' && typeof value !== 'number')) continue;
    given.push({ setting, option, value });
  }
  if (demo !== null) {
    given.push({ setting: 'sourceUrl', option: '--demo', value: demo.sourceUrl });
    if (!given.some((entry) => entry.setting === 'intervalSeconds')) given.push({ setting: 'intervalSeconds', option: '--demo', value: demo.intervalSeconds });
  }
  return given;
}
