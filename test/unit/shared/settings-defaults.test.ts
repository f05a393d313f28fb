import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
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
} from '../../../shared/defaults.js';
import { DEFAULT_SETTINGS, SettingsPatchSchema, SettingsSchema } from '../../../shared/model/settings.js';

describe('settings defaults', () => {
  it('are the shared constants, and every field has one', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      sourceUrl: DEFAULT_SOURCE_URL,
      intervalSeconds: DEFAULT_INTERVAL_SECONDS,
      requestTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      dataDir: '',
      retentionDays: DEFAULT_RETENTION_DAYS,
      scrapeLogRetentionDays: DEFAULT_SCRAPE_LOG_RETENTION_DAYS,
      apiPort: DEFAULT_API_PORT,
      theme: 'system',
      watchedAddresses: [],
      notifications: true,
      openAtLogin: false,
      corsOrigins: [],
      alertChannels: [],
      eventRules: {
        heightGrowth: DEFAULT_EVENT_HEIGHT_GROWTH,
        uptime24hBelowPercent: DEFAULT_EVENT_UPTIME_BELOW_PERCENT,
        collectorFailures: DEFAULT_EVENT_COLLECTOR_FAILURES,
      },
    });
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual(Object.keys(SettingsSchema.properties).sort());
  });

  it('take the event thresholds whole, within their bounds, and nothing else', () => {
    const check = Compile(SettingsPatchSchema);
    const rules = DEFAULT_SETTINGS.eventRules;
    const cases = [
      ['heightGrowth', EVENT_HEIGHT_GROWTH_BOUNDS],
      ['uptime24hBelowPercent', EVENT_UPTIME_BELOW_PERCENT_BOUNDS],
      ['collectorFailures', EVENT_COLLECTOR_FAILURES_BOUNDS],
    ] as const;
    for (const [field, { minimum, maximum }] of cases) {
      expect(check.Check({ eventRules: { ...rules, [field]: minimum } }), `${field} = ${minimum}`).toBe(true);
      expect(check.Check({ eventRules: { ...rules, [field]: maximum } }), `${field} = ${maximum}`).toBe(true);
      expect(check.Check({ eventRules: { ...rules, [field]: minimum - 1 } }), `${field} = ${minimum - 1}`).toBe(false);
      expect(check.Check({ eventRules: { ...rules, [field]: maximum + 1 } }), `${field} = ${maximum + 1}`).toBe(false);
    }
    expect(check.Check({ eventRules: { ...rules, offlineAfter: 2 } })).toBe(false);
    expect(check.Check({ eventRules: { heightGrowth: 5 } })).toBe(false);
  });

  it('pass the schema they come from', () => {
    expect(Compile(SettingsSchema).Check(DEFAULT_SETTINGS)).toBe(true);
  });

  it('keep the scrape log a year, and at least a day', () => {
    expect(DEFAULT_SETTINGS.scrapeLogRetentionDays).toBe(365);
    expect(SCRAPE_LOG_RETENTION_DAYS_BOUNDS).toEqual({ minimum: 1, maximum: 36_500 });
  });

  it('take the numeric bounds the CLI options use', () => {
    const check = Compile(SettingsPatchSchema);
    const cases = [
      ['intervalSeconds', INTERVAL_SECONDS_BOUNDS],
      ['requestTimeoutSeconds', TIMEOUT_SECONDS_BOUNDS],
      ['retentionDays', RETENTION_DAYS_BOUNDS],
      ['scrapeLogRetentionDays', SCRAPE_LOG_RETENTION_DAYS_BOUNDS],
      ['apiPort', PORT_BOUNDS],
    ] as const;
    for (const [field, { minimum, maximum }] of cases) {
      expect(check.Check({ [field]: minimum }), `${field} = ${minimum}`).toBe(true);
      expect(check.Check({ [field]: maximum }), `${field} = ${maximum}`).toBe(true);
      expect(check.Check({ [field]: minimum - 1 }), `${field} = ${minimum - 1}`).toBe(false);
      expect(check.Check({ [field]: maximum + 1 }), `${field} = ${maximum + 1}`).toBe(false);
    }
  });
});
