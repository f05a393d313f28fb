import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  DEFAULT_API_PORT,
  DEFAULT_EVENT_COLLECTOR_FAILURES,
  DEFAULT_EVENT_HEIGHT_GROWTH,
  DEFAULT_EVENT_UPTIME_BELOW_PERCENT,
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SCRAPE_LOG_RETENTION_DAYS,
  DEFAULT_SOURCE_URL,
  DEFAULT_TIMEOUT_SECONDS,
  EVENT_COLLECTOR_FAILURES_BOUNDS,
  EVENT_HEIGHT_GROWTH_BOUNDS,
  EVENT_UPTIME_BELOW_PERCENT_BOUNDS,
  INTERVAL_SECONDS_BOUNDS,
  PORT_BOUNDS,
  RETENTION_DAYS_BOUNDS,
  SCRAPE_LOG_RETENTION_DAYS_BOUNDS,
  TIMEOUT_SECONDS_BOUNDS,
  WATCHED_ADDRESSES_MAX,
} from '../defaults.js';
import { AlertChannelsSchema } from './alerts.js';

/**
 * One settings shape for both modes: electron-store holds it in the desktop app, a JSON file in
 * the data directory holds it headless, so a setting means the same in both.
 */
export const ThemeSchema = Type.Union([Type.Literal('system'), Type.Literal('light'), Type.Literal('dark')], { default: 'system' });

/** The thresholds of the node-event rules (docs/events.md); changing one re-derives the stored events. */
export const EventRulesSchema = Type.Object(
  {
    heightGrowth: Type.Integer({ ...EVENT_HEIGHT_GROWTH_BOUNDS, default: DEFAULT_EVENT_HEIGHT_GROWTH, description: 'shards a watched height must grow by for height-grew' }),
    uptime24hBelowPercent: Type.Integer({
      ...EVENT_UPTIME_BELOW_PERCENT_BOUNDS,
      default: DEFAULT_EVENT_UPTIME_BELOW_PERCENT,
      description: 'uptime-low when listed by fewer than this share (percent) of the last 24 h of scrapes',
    }),
    collectorFailures: Type.Integer({ ...EVENT_COLLECTOR_FAILURES_BOUNDS, default: DEFAULT_EVENT_COLLECTOR_FAILURES, description: 'failed scrapes in a row for collector-failing' }),
  },
  {
    additionalProperties: false,
    default: {
      heightGrowth: DEFAULT_EVENT_HEIGHT_GROWTH,
      uptime24hBelowPercent: DEFAULT_EVENT_UPTIME_BELOW_PERCENT,
      collectorFailures: DEFAULT_EVENT_COLLECTOR_FAILURES,
    },
  },
);
export type EventRules = Static<typeof EventRulesSchema>;

export const SettingsSchema = Type.Object({
  sourceUrl: Type.String({ format: 'uri', maxLength: 2048, default: DEFAULT_SOURCE_URL }),
  intervalSeconds: Type.Integer({ ...INTERVAL_SECONDS_BOUNDS, default: DEFAULT_INTERVAL_SECONDS }),
  requestTimeoutSeconds: Type.Integer({ ...TIMEOUT_SECONDS_BOUNDS, default: DEFAULT_TIMEOUT_SECONDS }),
  /** Empty means the OS per-user app-data folder. */
  dataDir: Type.String({ maxLength: 4096, default: '' }),
  /** Days of raw snapshots to keep; 0 keeps them forever (aggregates are kept regardless). */
  retentionDays: Type.Integer({ ...RETENTION_DAYS_BOUNDS, default: DEFAULT_RETENTION_DAYS }),
  /** Days of scrape-log detail to keep (failed scrapes, rejection notes); totals are kept regardless. */
  scrapeLogRetentionDays: Type.Integer({ ...SCRAPE_LOG_RETENTION_DAYS_BOUNDS, default: DEFAULT_SCRAPE_LOG_RETENTION_DAYS }),
  apiPort: Type.Integer({ ...PORT_BOUNDS, default: DEFAULT_API_PORT }),
  theme: ThemeSchema,
  watchedAddresses: Type.Array(Type.String({ maxLength: 35 }), { maxItems: WATCHED_ADDRESSES_MAX, default: [] }),
  notifications: Type.Boolean({ default: true }),
  openAtLogin: Type.Boolean({ default: false }),
  corsOrigins: Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 50, default: [] }),
  /** Where node events are sent (docs/alerts.md); secret fields are stored encrypted and shown masked. */
  alertChannels: AlertChannelsSchema,
  eventRules: EventRulesSchema,
});
export type Settings = Static<typeof SettingsSchema>;
export type Theme = Static<typeof ThemeSchema>;

export const SettingsPatchSchema = Type.Partial(SettingsSchema);
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

/** Every field's `default` above, so the defaults are written once, in the schema. */
export const DEFAULT_SETTINGS: Settings = Value.Create(SettingsSchema);

export const SourceTestResultSchema = Type.Object({
  ok: Type.Boolean(),
  farmers: Type.Optional(Type.Integer()),
  totalTB: Type.Optional(Type.Number()),
  latencyMs: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
});
export type SourceTestResult = Static<typeof SourceTestResultSchema>;
