import type { SqliteDatabase } from '../../main/store/sqlite/open-database.js';

/** The node events a store holds, in id order, with their detail parsed: for value-for-value comparisons. */
export function dumpEvents(db: SqliteDatabase, where = '1 = 1'): Array<{ id: string; time: number; kind: string; address: string | null; detail: unknown }> {
  return db
    .prepare<[], { id: string; time: number; kind: string; address: string | null; detail: string }>(`SELECT * FROM node_events WHERE ${where} ORDER BY id`)
    .all()
    .map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }));
}

/** The watched nodes' rule state, in address order. */
export function dumpEventNodes(db: SqliteDatabase): unknown[] {
  return db.prepare('SELECT address, state FROM event_nodes ORDER BY address').all();
}

/** The heartbeat: snapshots per hour, and the watched addresses' missed snapshots per hour. */
export function dumpHeartbeat(db: SqliteDatabase): { hours: unknown[]; missed: unknown[] } {
  return {
    hours: db.prepare('SELECT hour, scrapes FROM event_hours ORDER BY hour').all(),
    missed: db.prepare('SELECT address, hour, missed FROM event_heartbeat ORDER BY address, hour').all(),
  };
}
