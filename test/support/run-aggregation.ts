import {
  AggregationJob,
  type AggregationOptions,
  type AggregationResult,
} from '../../main/jobs/run-aggregation.js';
import type { RawStore } from '../../main/store/raw-store.js';
import type { SqliteDatabase } from '../../main/store/sqlite/open-database.js';

/** One run with a fresh job, which starts from the checkpoint the tables hold. */
export function runAggregation(db: SqliteDatabase, store: RawStore, options: AggregationOptions = {}): Promise<AggregationResult> {
  return new AggregationJob(db, store).run(options);
}
