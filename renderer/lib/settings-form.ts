import { INTERVAL_SECONDS_BOUNDS, PORT_BOUNDS, RETENTION_DAYS_BOUNDS, SCRAPE_LOG_RETENTION_DAYS_BOUNDS, type IntegerBounds } from '../../shared/defaults.js';
import type { Settings, SettingsPatch } from '../../shared/model/settings.js';
import type { SetForThisRun } from '../../shared/model/status.js';

/** The editable fields of the settings form, as the inputs hold them (text, so a half-typed value survives). */
export interface SettingsDraft {
  sourceUrl: string;
  intervalSeconds: string;
  dataDir: string;
  retentionDays: string;
  scrapeLogRetentionDays: string;
  apiPort: string;
}
export type DraftField = keyof SettingsDraft;

/** What each field is called on the form, for "Save is blocked by …". */
export const FIELD_LABELS: Record<DraftField, string> = {
  sourceUrl: 'Status server URL',
  intervalSeconds: 'Scrape interval',
  dataDir: 'Data directory',
  retentionDays: 'Keep raw snapshots',
  scrapeLogRetentionDays: 'Keep the scrape log',
  apiPort: 'Local API port',
};

export function draftFrom(settings: Settings): SettingsDraft {
  return {
    sourceUrl: settings.sourceUrl,
    intervalSeconds: String(settings.intervalSeconds),
    dataDir: settings.dataDir,
    retentionDays: String(settings.retentionDays),
    scrapeLogRetentionDays: String(settings.scrapeLogRetentionDays),
    apiPort: String(settings.apiPort),
  };
}

export type DraftProblems = Partial<Record<DraftField, string>>;

const grouped = new Intl.NumberFormat('en-US');
const plural = (count: number, unit: string) => `${grouped.format(count)} ${unit}${count === 1 ? '' : 's'}`;

type Checked<T> = { value: T } | { problem: string };

/** A whole number within the schema's bounds, or the plain sentence saying why not. */
function integerIn(text: string, bounds: IntegerBounds, unit: string): Checked<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: `Enter a number of ${unit}s` };
  if (!/^\d+$/.test(trimmed)) return { problem: `Enter a whole number of ${unit}s, digits only` };
  const value = Number(trimmed);
  if (value < bounds.minimum) return { problem: `At least ${plural(bounds.minimum, unit)}` };
  if (value > bounds.maximum) return { problem: `At most ${plural(bounds.maximum, unit)}` };
  return { value };
}

function checkUrl(text: string): Checked<string> {
  const url = text.trim();
  if (url === '') return { problem: "Enter the status server's URL, starting with http:// or https://" };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: 'Enter a URL starting with http:// or https://, e.g. http://status.example.org:5000' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: 'Enter a URL starting with http:// or https://' };
  if (url.length > 2048) return { problem: 'The URL is too long (at most 2,048 characters)' };
  return { value: url };
}

function checkPort(text: string): Checked<number> {
  const port = integerIn(text, PORT_BOUNDS, 'port');
  return 'problem' in port ? { problem: `Enter a port from ${PORT_BOUNDS.minimum} to ${grouped.format(PORT_BOUNDS.maximum)} (0 picks a free one)` } : port;
}

/** Each field's own check, in the words shown next to it; the same bounds as SettingsSchema. */
const FIELD_CHECKS: { [K in DraftField]: (text: string) => Checked<Settings[K]> } = {
  sourceUrl: checkUrl,
  intervalSeconds: (text) => integerIn(text, INTERVAL_SECONDS_BOUNDS, 'second'),
  dataDir: (text) => (text.length > 4096 ? { problem: 'The path is too long (at most 4,096 characters)' } : { value: text.trim() }),
  retentionDays: (text) => integerIn(text, RETENTION_DAYS_BOUNDS, 'day'),
  scrapeLogRetentionDays: (text) => integerIn(text, SCRAPE_LOG_RETENTION_DAYS_BOUNDS, 'day'),
  apiPort: checkPort,
};

/** The value a field holds, or the message saying what is wrong with it (checked as it is typed). */
export function checkField<K extends DraftField>(field: K, text: string): Checked<Settings[K]> {
  return FIELD_CHECKS[field](text);
}

/** Every field checked: the patch of valid changed values and the problems by field. */
export function checkDraft(draft: SettingsDraft, current: Settings): { patch: SettingsPatch; problems: DraftProblems } {
  const problems: DraftProblems = {};
  const patch: Record<string, unknown> = {};
  for (const field of Object.keys(FIELD_LABELS) as DraftField[]) {
    const result = checkField(field, draft[field]);
    if ('problem' in result) problems[field] = result.problem;
    else if (result.value !== current[field]) patch[field] = result.value;
  }
  return { patch: patch as SettingsPatch, problems };
}

/** Why Save is off, in words; null when it can save. */
export function saveBlocker(patch: SettingsPatch, problems: DraftProblems): string | null {
  const invalid = (Object.keys(problems) as DraftField[]).map((field) => FIELD_LABELS[field]);
  if (invalid.length > 0) return `Cannot save yet: fix ${invalid.join(', ')} (see the message${invalid.length === 1 ? '' : 's'} above).`;
  if (Object.keys(patch).length === 0) return 'Nothing to save: every field matches the saved settings.';
  return null;
}

/** What this run actually uses, where the form can learn it: the engine's status and the page's own port. */
export interface RunValues {
  source: string | null;
  intervalSeconds: number | null;
  /** The port this page was served from by the local API; null in the desktop window (no HTTP). */
  servedPort: number | null;
  /** The settings the engine says its command line set (status `setForThisRun`); empty when none. */
  setForThisRun?: readonly SetForThisRun[];
}

const DRAFT_FIELDS = Object.keys(FIELD_LABELS) as DraftField[];
const isDraftField = (setting: string): setting is DraftField => (DRAFT_FIELDS as string[]).includes(setting);

/** The note for a field the command line set, naming the option and the value this run uses. */
function commandLineNote(field: DraftField, option: string, value: string | number, run: RunValues): string {
  switch (field) {
    case 'sourceUrl':
      return option === '--demo'
        ? `Set by --demo for this run: the built-in simulated network at ${value}. The value above is saved for later runs.`
        : `Set by ${option} for this run: ${value}. The value above is saved for later runs.`;
    case 'intervalSeconds':
      return `Set by ${option} for this run: ${plural(Number(value), 'second')}.`;
    case 'retentionDays':
    case 'scrapeLogRetentionDays':
      return `Set by ${option} for this run: ${plural(Number(value), 'day')}.`;
    case 'apiPort':
      return `Set by ${option} for this run: this page is served on port ${run.servedPort ?? value}.`;
    case 'dataDir':
      return `Set by ${option} for this run: ${value}. The value above applies when a run does not give ${option}.`;
  }
}

/**
 * Fields this run does not take from the saved settings: what the engine reports its command line
 * set (`--source`, `--interval`, `--port`, `--data`, …), else a value in effect that differs from
 * the saved one (an engine that does not report it); the form says so next to each.
 */
export function runOverrides(settings: Settings, run: RunValues): Partial<Record<DraftField, string>> {
  const notes: Partial<Record<DraftField, string>> = {};
  if (run.source !== null && run.source !== settings.sourceUrl) notes.sourceUrl = `Set by --source for this run: ${run.source}. The value above is saved for later runs.`;
  if (run.intervalSeconds !== null && run.intervalSeconds !== settings.intervalSeconds) {
    notes.intervalSeconds = `Set by --interval for this run: ${plural(run.intervalSeconds, 'second')}.`;
  }
  if (run.servedPort !== null && run.servedPort !== settings.apiPort) notes.apiPort = `Set by --port for this run: this page is served on port ${run.servedPort}.`;
  for (const { setting, option, value } of run.setForThisRun ?? []) {
    if (isDraftField(setting)) notes[setting] = commandLineNote(setting, option, value, run);
  }
  return notes;
}

/** The port of a page's origin (`location`), as the local API serves it. */
export function originPort(location: { protocol: string; port: string }): number | null {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  return location.port === '' ? (location.protocol === 'https:' ? 443 : 80) : Number(location.port);
}
