import Type, { type Static } from 'typebox';

/**
 * One settings shape for both modes: electron-store holds it in the desktop app, a JSON file in
 * the data directory holds it headless, so a setting means the same in both.
 */
export const ThemeSchema = Type.Union([Type.Literal('system'), Type.Literal('light'), Type.Literal('dark')]);

export const SettingsSchema = Type.Object({
  sourceUrl: Type.String({ format: 'uri', maxLength: 2048, default: 'http://127.0.0.1:5000' }),
  intervalSeconds: Type.Integer({ minimum: 10, maximum: 86_400, default: 300 }),
  requestTimeoutSeconds: Type.Integer({ minimum: 1, maximum: 300, default: 10 }),
  /** Empty means the OS per-user app-data folder. */
  dataDir: Type.String({ maxLength: 4096, default: '' }),
  /** Days of raw snapshots to keep; 0 keeps them forever (aggregates are kept regardless). */
  retentionDays: Type.Integer({ minimum: 0, maximum: 36_500, default: 0 }),
  apiPort: Type.Integer({ minimum: 0, maximum: 65_535, default: 7780 }),
  theme: ThemeSchema,
  watchedAddresses: Type.Array(Type.String({ maxLength: 35 }), { maxItems: 500, default: [] }),
  notifications: Type.Boolean({ default: true }),
  openAtLogin: Type.Boolean({ default: false }),
  corsOrigins: Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 50, default: [] }),
});
export type Settings = Static<typeof SettingsSchema>;
export type Theme = Static<typeof ThemeSchema>;

export const SettingsPatchSchema = Type.Partial(SettingsSchema);
export type SettingsPatch = Static<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  sourceUrl: 'http://127.0.0.1:5000',
  intervalSeconds: 300,
  requestTimeoutSeconds: 10,
  dataDir: '',
  retentionDays: 0,
  apiPort: 7780,
  theme: 'system',
  watchedAddresses: [],
  notifications: true,
  openAtLogin: false,
  corsOrigins: [],
};

export const SourceTestResultSchema = Type.Object({
  ok: Type.Boolean(),
  farmers: Type.Optional(Type.Integer()),
  totalTB: Type.Optional(Type.Number()),
  latencyMs: Type.Optional(Type.Number()),
  error: Type.Optional(Type.String()),
});
export type SourceTestResult = Static<typeof SourceTestResultSchema>;
