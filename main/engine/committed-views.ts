import type { CommittedRows } from '../jobs/committed-rows.js';
import type { EngineJobs } from '../jobs/engine-jobs.js';
import { offerCommittedRows } from '../queries/farmer-view.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

/**
 * Hands every aggregation commit's rows to the farmer view of the connection the handlers read,
 * so a request after a commit finds the view current instead of waiting for it to be read back
 * (main/queries/farmer-view.ts, `offerCommittedRows`). Returns the stopper, to run before that
 * connection closes.
 */
export function followCommittedRows(jobs: EngineJobs, db: SqliteDatabase): () => void {
  const offer = (commit: CommittedRows): void => {
    try {
      offerCommittedRows(db, commit);
    } catch {
      // Left to the next refresh, which reads the store and reports what is wrong with it.
    }
  };
  jobs.worker.on('committed', offer);
  return () => {
    jobs.worker.off('committed', offer);
  };
}
