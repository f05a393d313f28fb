import { MS_PER_HOUR } from '../../shared/defaults.js';
import type { Heartbeat, HeartbeatCell, HeartbeatHours } from '../../shared/model/heartbeat.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

function prepare(db: SqliteDatabase) {
  return {
    through: db.prepare<[], { lastTime: number | null }>("SELECT json_extract(value, '$.window.lastTime') AS lastTime FROM event_state WHERE name = 'derivation'"),
    watched: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM event_nodes WHERE address = ?'),
    hours: db.prepare<[string, number, number], HeartbeatCell>('SELECT hour AS start, scrapes, listed FROM event_heartbeat WHERE address = ? AND hour BETWEEN ? AND ? ORDER BY hour'),
  };
}

/** Prepared once per connection: preparing costs more than reading the 720 rows. */
const prepared = new WeakMap<SqliteDatabase, ReturnType<typeof prepare>>();

/**
 * The heartbeat strip of one address: the hours the events fold counted (event_heartbeat, one row
 * per address and hour, found by its primary key), ending at the hour of the newest snapshot the
 * fold has seen. Hours with no row had no snapshot stored: cells with 0 scrapes.
 */
export function heartbeat(db: SqliteDatabase, address: string, hours: HeartbeatHours): Heartbeat {
  let statements = prepared.get(db);
  if (statements === undefined) prepared.set(db, (statements = prepare(db)));
  const watched = statements.watched.get(address) !== undefined;
  const through = statements.through.get()?.lastTime ?? null;
  if (through === null) return { address, hours, watched, through, cells: [] };
  const last = Math.floor(through / MS_PER_HOUR) * MS_PER_HOUR;
  const first = last - (hours - 1) * MS_PER_HOUR;
  const byHour = new Map(statements.hours.all(address, first, last).map((row) => [row.start, row]));
  const cells: HeartbeatCell[] = [];
  for (let start = first; start <= last; start += MS_PER_HOUR) cells.push(byHour.get(start) ?? { start, scrapes: 0, listed: 0 });
  return { address, hours, watched, through, cells };
}
