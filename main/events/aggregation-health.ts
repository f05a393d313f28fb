import { nodeEventId, type NodeEvent } from '../../shared/model/node-events.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import type { NewEventsHook } from './event-tables.js';

/**
 * `aggregation-failing` and `aggregation-recovered`: what the job itself went through, not
 * something the scrapes say, so a rebuild neither derives nor removes them. One event when a run
 * fails after runs that worked, one when a run works again.
 */
interface AggregationHealthState {
  failing: boolean;
  since: number | null;
}

const AGGREGATION = 'aggregation';

function readHealth(db: SqliteDatabase): AggregationHealthState {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM event_state WHERE name = ?').get(AGGREGATION);
  return row === undefined ? { failing: false, since: null } : (JSON.parse(row.value) as AggregationHealthState);
}

/** Records the outcome of a run at `time`, with its event and the hook in one transaction, when the outcome changes. */
export function recordAggregationOutcome(db: SqliteDatabase, outcome: { ok: true } | { ok: false; message: string }, time: number, onNewEvents: NewEventsHook): NodeEvent | null {
  return db.transaction(() => {
    const health = readHealth(db);
    if (health.failing === !outcome.ok) return null;
    const event: NodeEvent = outcome.ok
      ? { id: nodeEventId('aggregation-recovered', null, time), time, kind: 'aggregation-recovered', address: null, detail: { failingSince: health.since } }
      : { id: nodeEventId('aggregation-failing', null, time), time, kind: 'aggregation-failing', address: null, detail: { message: outcome.message } };
    const next: AggregationHealthState = outcome.ok ? { failing: false, since: null } : { failing: true, since: time };
    db.prepare('INSERT OR REPLACE INTO event_state (name, value) VALUES (?, ?)').run(AGGREGATION, JSON.stringify(next));
    db.prepare('INSERT OR REPLACE INTO node_events (id, time, kind, address, detail) VALUES (?, ?, ?, ?, ?)').run(
      event.id, event.time, event.kind, event.address, JSON.stringify(event.detail),
    );
    onNewEvents(db, [event]);
    return event;
  })();
}

/** Cheap check for the success path: most runs find the job healthy and write nothing. */
export function aggregationFailing(db: SqliteDatabase): boolean {
  return readHealth(db).failing;
}
