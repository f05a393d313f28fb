import { INTERVAL_SECONDS_BOUNDS, PORT_BOUNDS, RETENTION_DAYS_BOUNDS, SCRAPE_LOG_RETENTION_DAYS_BOUNDS, type IntegerBounds } from '../../shared/defaults.js';
import type { Settings, SettingsPatch } from '../../shared/model/settings.js';

/** The editable fields of the settings form, as the inputs hold them (text, so a half-typed value survives). */
export interface SettingsDraft {
  sourceUrl: string;
  intervalSeconds: string;
  dataDir: string;
  retentionDays: string;
  scrapeLogRetentionDays: string;
  apiPort: string;
}

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

export type DraftProblems = Partial<Record<keyof SettingsDraft, string>>;

function integerIn(text: string, { minimum, maximum }: IntegerBounds, what: string): number | string {
  if (!/^\d+$/.test(text.trim())) return `${what} must be a whole number`;
  const value = Number(text.trim());
  if (value < minimum || value > maximum) return `${what} must be between ${minimum} and ${maximum}`;
  return value;
}

/** The same bounds as SettingsSchema, checked here so the user sees the reason next to the field. */
export function checkDraft(draft: SettingsDraft, current: Settings): { patch: SettingsPatch; problems: DraftProblems } {
  const problems: DraftProblems = {};
  const patch: SettingsPatch = {};
  const url = draft.sourceUrl.trim();
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    problems.sourceUrl = 'Enter a full URL, e.g. http://status.example.org:5000';
  }
  if (parsed !== null && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.sourceUrl = 'The source URL must start with http:// or https://';
  else if (parsed !== null && url !== current.sourceUrl) patch.sourceUrl = url;

  const interval = integerIn(draft.intervalSeconds, INTERVAL_SECONDS_BOUNDS, 'The interval');
  if (typeof interval === 'string') problems.intervalSeconds = interval;
  else if (interval !== current.intervalSeconds) patch.intervalSeconds = interval;

  if (draft.dataDir.length > 4096) problems.dataDir = 'The path is too long';
  else if (draft.dataDir.trim() !== current.dataDir) patch.dataDir = draft.dataDir.trim();

  const retention = integerIn(draft.retentionDays, RETENTION_DAYS_BOUNDS, 'Retention');
  if (typeof retention === 'string') problems.retentionDays = retention;
  else if (retention !== current.retentionDays) patch.retentionDays = retention;

  const logRetention = integerIn(draft.scrapeLogRetentionDays, SCRAPE_LOG_RETENTION_DAYS_BOUNDS, 'Log retention');
  if (typeof logRetention === 'string') problems.scrapeLogRetentionDays = logRetention;
  else if (logRetention !== current.scrapeLogRetentionDays) patch.scrapeLogRetentionDays = logRetention;

  const port = integerIn(draft.apiPort, PORT_BOUNDS, 'The port');
  if (typeof port === 'string') problems.apiPort = port;
  else if (port !== current.apiPort) patch.apiPort = port;

  return { patch, problems };
}
