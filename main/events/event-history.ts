import { AppError } from '../../shared/errors.js';
import { DEFAULT_EVENTS_PAGE } from '../../shared/defaults.js';
import type { EventHistoryPage, EventHistoryQuery } from '../../shared/model/event-history.js';
import type { NodeEvent } from '../../shared/model/node-events.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

interface EventRow {
  id: string;
  time: number;
  kind: NodeEvent['kind'];
  address: string | null;
  detail: string;
}

/** Where a page ended: the last event's time and id (events are ordered by both, newest first). */
interface PagePosition {
  time: number;
  id: string;
}

function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.time, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): PagePosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { time: value[0] as number, id: value[1] };
    }
  } catch {
    // Not JSON: reported below like any other foreign cursor.
  }
  throw new AppError('bad_request', 'query/cursor: not a cursor this history gave (pass nextCursor of the previous page unchanged)');
}

/**
 * One page of the stored node events, newest first, filtered by address, kind and time range
 * (inclusive). Cursor paging by (time, id) stays stable while new events arrive.
 */
export function eventHistory(db: SqliteDatabase, query: EventHistoryQuery): EventHistoryPage {
  const conditions: string[] = [];
  const values: Array<string | number> = [];
  if (query.address !== undefined) {
    conditions.push('address = ?');
    values.push(query.address);
  }
  if (query.kind !== undefined) {
    conditions.push('kind = ?');
    values.push(query.kind);
  }
  if (query.from !== undefined) {
    conditions.push('time >= ?');
    values.push(query.from);
  }
  if (query.to !== undefined) {
    conditions.push('time <= ?');
    values.push(query.to);
  }
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    conditions.push('(time < ? OR (time = ? AND id < ?))');
    values.push(after.time, after.time, after.id);
  }
  const limit = query.limit ?? DEFAULT_EVENTS_PAGE;
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const rows = db
    .prepare<Array<string | number>, EventRow>(`SELECT id, time, kind, address, detail FROM node_events ${where} ORDER BY time DESC, id DESC LIMIT ?`)
    .all(...values, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({ id: row.id, time: row.time, kind: row.kind, address: row.address, detail: JSON.parse(row.detail) as NodeEvent['detail'] })),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}
