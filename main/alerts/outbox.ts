import type { Statement } from 'better-sqlite3';
import { Compile } from 'typebox/compile';
import { NodeEventSchema, type NodeEvent } from '../../shared/model/node-events.js';
import type { AlertChannel } from '../../shared/model/alerts.js';
import type { SqliteDatabase } from '../store/sqlite/sqlite-database.js';

/**
 * The durable outbox (tables of migration 0008; docs/alerts.md, "Delivery"). Events enter it in
 * the transaction that stores them (`enqueueAlerts`); the delivery loop hands each entry to every
 * channel through the channel's own cursor and pending rows, and removes what all channels have
 * handled.
 */

const statements = new WeakMap<SqliteDatabase, Statement>();

/**
 * Puts node events in the outbox. Call it inside the transaction that stores the events, with
 * only the events that transaction adds: then an outbox entry exists exactly when its event was
 * committed, and a crash or restart can neither lose nor repeat it. An event already in the
 * outbox (same id) is not added again. Returns how many were added.
 */
export function enqueueAlerts(db: SqliteDatabase, events: readonly NodeEvent[], now: number): number {
  let insert = statements.get(db);
  if (insert === undefined) {
    insert = db.prepare('INSERT OR IGNORE INTO alert_outbox (event_id, event, event_time, enqueued_at) VALUES (?, ?, ?, ?)');
    statements.set(db, insert);
  }
  let added = 0;
  for (const event of events) added += insert.run(event.id, JSON.stringify(event), event.time, now).changes;
  return added;
}

/** An outbox entry waiting for one channel. */
export interface PendingEntry {
  seq: number;
  attempts: number;
  event: NodeEvent;
}

const eventCheck = Compile(NodeEventSchema);
/** Entries the loop copies into one channel's pending rows per statement. */
const MATERIALIZE_BATCH = 5000;

export class OutboxStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /**
   * Follows the configured channels: a channel seen for the first time starts after the newest
   * entry (it is not sent the past); a channel no longer configured loses its cursor and pending
   * rows (a channel re-added with the same id starts afresh).
   */
  syncChannels(channels: readonly AlertChannel[], now: number): void {
    const ids = new Set(channels.map((channel) => channel.id));
    this.#db.transaction(() => {
      const known = this.#db.prepare('SELECT channel_id AS id FROM alert_channels').all() as { id: string }[];
      for (const { id } of known) {
        if (ids.has(id)) continue;
        this.#db.prepare('DELETE FROM alert_pending WHERE channel_id = ?').run(id);
        this.#db.prepare('DELETE FROM alert_channels WHERE channel_id = ?').run(id);
      }
      const newest = (this.#db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM alert_outbox').get() as { seq: number }).seq;
      const add = this.#db.prepare('INSERT OR IGNORE INTO alert_channels (channel_id, cursor, created_at) VALUES (?, ?, ?)');
      for (const id of ids) add.run(id, newest, now);
    }).immediate();
  }

  /**
   * Moves a channel's cursor over the entries it has not seen, adding a pending row (due now) for
   * each event of a kind it receives. A disabled channel's cursor moves too: it does not receive
   * what happened while it was off.
   */
  admit(channel: AlertChannel, now: number): number {
    const rules = new Set<string>(channel.rules);
    let admitted = 0;
    for (;;) {
      const batch = this.#db.transaction(() => {
        const cursor = (this.#db.prepare('SELECT cursor FROM alert_channels WHERE channel_id = ?').get(channel.id) as { cursor: number } | undefined)?.cursor;
        if (cursor === undefined) return 0;
        const rows = this.#db
          .prepare('SELECT seq, event FROM alert_outbox WHERE seq > ? ORDER BY seq LIMIT ?')
          .all(cursor, MATERIALIZE_BATCH) as { seq: number; event: string }[];
        if (rows.length === 0) return 0;
        const add = this.#db.prepare('INSERT OR IGNORE INTO alert_pending (channel_id, seq, attempts, due_at) VALUES (?, ?, 0, ?)');
        for (const row of rows) {
          const kind = (JSON.parse(row.event) as { kind?: unknown }).kind;
          if (channel.enabled && typeof kind === 'string' && rules.has(kind)) admitted += add.run(channel.id, row.seq, now).changes;
        }
        this.#db.prepare('UPDATE alert_channels SET cursor = ? WHERE channel_id = ?').run(rows.at(-1)!.seq, channel.id);
        return rows.length;
      }).immediate();
      if (batch < MATERIALIZE_BATCH) return admitted;
    }
  }

  /**
   * The channel's entries that are due, oldest first, as one group: those of the first due
   * entry's event time (one scrape's changes), at most `limit`. Empty when nothing is due.
   */
  dueGroup(channelId: string, now: number, limit: number): PendingEntry[] {
    const first = this.#db
      .prepare(
        `SELECT o.event_time AS time FROM alert_pending p JOIN alert_outbox o ON o.seq = p.seq
         WHERE p.channel_id = ? AND p.due_at <= ? ORDER BY p.seq LIMIT 1`,
      )
      .get(channelId, now) as { time: number } | undefined;
    if (first === undefined) return [];
    const rows = this.#db
      .prepare(
        `SELECT p.seq AS seq, p.attempts AS attempts, o.event AS event FROM alert_pending p JOIN alert_outbox o ON o.seq = p.seq
         WHERE p.channel_id = ? AND p.due_at <= ? AND o.event_time = ? ORDER BY p.seq LIMIT ?`,
      )
      .all(channelId, now, first.time, limit) as { seq: number; attempts: number; event: string }[];
    return rows.flatMap((row) => {
      const event: unknown = JSON.parse(row.event);
      return eventCheck.Check(event) ? [{ seq: row.seq, attempts: row.attempts, event }] : [];
    });
  }

  /** When the channel's next pending entry is due, or null when it has none. */
  nextDue(channelId: string): number | null {
    const row = this.#db.prepare('SELECT MIN(due_at) AS due FROM alert_pending WHERE channel_id = ?').get(channelId) as { due: number | null };
    return row.due;
  }

  delivered(channelId: string, seqs: readonly number[]): void {
    const remove = this.#db.prepare('DELETE FROM alert_pending WHERE channel_id = ? AND seq = ?');
    this.#db.transaction(() => {
      for (const seq of seqs) remove.run(channelId, seq);
    }).immediate();
  }

  /** Counts a failed attempt and sets when to try again. */
  failed(channelId: string, seqs: readonly number[], dueAt: number, error: string): void {
    const update = this.#db.prepare('UPDATE alert_pending SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE channel_id = ? AND seq = ?');
    this.#db.transaction(() => {
      for (const seq of seqs) update.run(dueAt, error, channelId, seq);
    }).immediate();
  }

  /** Holds entries (quiet hours) without counting an attempt. */
  hold(channelId: string, until: number): void {
    this.#db.prepare('UPDATE alert_pending SET due_at = ? WHERE channel_id = ? AND due_at < ?').run(until, channelId, until);
  }

  /** Removes the entries every channel has moved past and none still waits for. */
  prune(): number {
    return this.#db
      .prepare(
        `DELETE FROM alert_outbox WHERE seq <= (SELECT MIN(cursor) FROM alert_channels)
           AND NOT EXISTS (SELECT 1 FROM alert_pending p WHERE p.seq = alert_outbox.seq)`,
      )
      .run().changes;
  }
}
