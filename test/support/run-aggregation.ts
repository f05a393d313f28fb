import {
  AggregationJob,
  type AggregationOptions,
  type AggregationResult,
} from '../../main/jobs/run-aggregation.js';
import type { NewEventsHook } from '../../main/events/event-tables.js';
import type { RawStore } from '../../main/store/raw-store.js';
import type { SqliteDatabase } from '../../main/store/sqlite/open-database.js';

/** A hook for tests that do not look at announcements. */
export const ignoreNewEvents: NewEventsHook = () => undefined;

/** One run with a fresh job, which starts from the checkpoint the tables hold. */
export function runAggregation(
  db: SqliteDatabase,
  store: RawStore,
  options: AggregationOptions = {},
  onNewEvents: NewEventsHook = ignoreNewEvents,
): Promise<AggregationResult> {
  return new AggregationJob(db, store, onNewEvents).run(options);
}
