import { ALERT_LOG_MAX_AGE_MS, ALERT_LOG_MAX_ROWS } from '../../shared/defaults.js';
import type { AlertDeliveriesPage, AlertDelivery, AlertOutcome } from '../../shared/model/alerts.js';
import type { SqliteDatabase } from '../store/sqlite/sqlite-database.js';

/** One attempt to write to the log (its id is given by the table). */
export type DeliveryRecord = Omit<AlertDelivery, 'id'>;

/**
 * Every delivery attempt, kept bounded (the newest ALERT_LOG_MAX_ROWS rows, none older than
 * ALERT_LOG_MAX_AGE_MS) so a receiver failing for months cannot grow the store.
 */
export function recordDelivery(db: SqliteDatabase, record: DeliveryRecord): void {
  db.prepare(
    `INSERT INTO alert_delivery_log (time, channel_id, channel_name, event_ids, outcome, attempt, error)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(record.time, record.channelId, record.channelName, JSON.stringify(record.eventIds), record.outcome, record.attempt, record.error);
}

export function trimDeliveryLog(db: SqliteDatabase, now: number, maxRows = ALERT_LOG_MAX_ROWS, maxAgeMs = ALERT_LOG_MAX_AGE_MS): number {
  const old = db.prepare('DELETE FROM alert_delivery_log WHERE time < ?').run(now - maxAgeMs).changes;
  const excess = db
    .prepare('DELETE FROM alert_delivery_log WHERE id <= (SELECT id FROM alert_delivery_log ORDER BY id DESC LIMIT 1 OFFSET ?)')
    .run(maxRows).changes;
  return old + excess;
}

interface LogRow {
  id: number;
  time: number;
  channel_id: string;
  channel_name: string;
  event_ids: string;
  outcome: AlertOutcome;
  attempt: number;
  error: string | null;
}

/** A page of the log, newest first; `before` is the previous page's `nextCursor`. */
export function deliveriesPage(db: SqliteDatabase, query: { before?: number; limit: number; channelId?: string }): AlertDeliveriesPage {
  const rows = db
    .prepare(
      `SELECT id, time, channel_id, channel_name, event_ids, outcome, attempt, error FROM alert_delivery_log
       WHERE id < ? AND (? IS NULL OR channel_id = ?) ORDER BY id DESC LIMIT ?`,
    )
    .all(query.before ?? Number.MAX_SAFE_INTEGER, query.channelId ?? null, query.channelId ?? null, query.limit + 1) as LogRow[];
  const page = rows.slice(0, query.limit).map((row) => ({
    id: row.id,
    time: row.time,
    channelId: row.channel_id,
    channelName: row.channel_name,
    eventIds: JSON.parse(row.event_ids) as string[],
    outcome: row.outcome,
    attempt: row.attempt,
    error: row.error,
  }));
  return { deliveries: page, nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}
