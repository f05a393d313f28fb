import { MS_PER_HOUR } from '../../shared/defaults.js';
import type { Heartbeat, HeartbeatCell, HeartbeatHours } from '../../shared/model/heartbeat.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

function prepare(db: SqliteDatabase) {
  return {
    through: db.prepare<[], { lastTime: number | null }>("SELECT json_extract(value, '$.window.lastTime') AS lastTime FROM event_state WHERE name = 'derivation'"),
    watched: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM event_nodes WHERE address = ?'),
    hours: db.prepare<[string, number, number], HeartbeatCell>(
      'SELECT h.hour AS start, h.scrapes AS scrapes, h.scrapes - COALESCE(m.missed, 0) AS listed FROM event_hours h ' +
        'LEFT JOIN event_heartbeat m ON m.address = ? AND m.hour = h.hour WHERE h.hour BETWEEN ? AND ? ORDER BY h.hour',
    ),
  };
}

/** Prepared once per connection: preparing costs more than reading the 720 rows. */
const prepared = new WeakMap<SqliteDatabase, ReturnType<typeof prepare>>();

/**
 * The heartbeat strip of one address: the snapshots the events fold counted per hour (event_hours)
 * less those that missed the address (event_heartbeat, found by its primary key), ending at the
 * hour of the newest snapshot the fold has seen. Hours with no row had no snapshot stored: cells
 * with 0 scrapes. An address that is not watched has no misses counted, so its cells are empty.
 */
export function heartbeat(db: SqliteDatabase, address: string, hours: HeartbeatHours): Heartbeat {
  let statements = prepared.get(db);
  if (statements === undefined) prepared.set(db, (statements = prepare(db)));
  const watched = statements.watched.get(address) !== undefined;
  const through = statements.through.get()?.lastTime ?? null;
  if (through === null || !watched) return { address, hours, watched, through, cells: [] };
  const last = Math.floor(through / MS_PER_HOUR) * MS_PER_HOUR;
  const first = last - (hours - 1) * MS_PER_HOUR;
  const byHour = new Map(statements.hours.all(address, first, last).map((row) => [row.start, row]));
  const cells: HeartbeatCell[] = [];
  for (let start = first; start <= last; start += MS_PER_HOUR) cells.push(byHour.get(start) ?? { start, scrapes: 0, listed: 0 });
  return { address, hours, watched, through, cells };
}
