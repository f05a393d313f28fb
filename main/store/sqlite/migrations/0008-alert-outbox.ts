import type { Migration } from '../migrate.js';

/**
 * The alert outbox (main/alerts/). `alert_outbox` gets one row per node event, written in the
 * transaction that stores the event, so an alert exists exactly when its event does. Each channel
 * reads the outbox through its own cursor (`alert_channels.cursor`, starting at the newest entry
 * when the channel is first seen, so a new channel is not sent the past) and keeps its own
 * pending rows with their retry schedule, so one channel's failures never hold back another's.
 * `alert_delivery_log` records every attempt (bounded by the delivery loop).
 */
export const alertOutbox: Migration = {
  version: 8,
  name: 'alert outbox with per-channel delivery state, and the delivery log',
  up: `
    CREATE TABLE alert_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL UNIQUE,
      event TEXT NOT NULL,
      event_time INTEGER NOT NULL,
      enqueued_at INTEGER NOT NULL
    );

    CREATE TABLE alert_channels (
      channel_id TEXT PRIMARY KEY,
      cursor INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE alert_pending (
      channel_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      due_at INTEGER NOT NULL,
      last_error TEXT,
      PRIMARY KEY (channel_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX alert_pending_due ON alert_pending (due_at);
    CREATE INDEX alert_pending_seq ON alert_pending (seq);

    CREATE TABLE alert_delivery_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      time INTEGER NOT NULL,
      channel_id TEXT NOT NULL,
      channel_name TEXT NOT NULL,
      event_ids TEXT NOT NULL,
      outcome TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      error TEXT
    );
    CREATE INDEX alert_delivery_log_time ON alert_delivery_log (time);
  `,
};
