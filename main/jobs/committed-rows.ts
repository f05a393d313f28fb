import { STORED_ROW_VALUES, type FarmerState } from './farmer-state.js';

/**
 * What one commit of the aggregation job wrote for the readers of the current figures: the
 * agg_farmers rows it wrote and the agg_state it stored. A reader whose farmer view is that of
 * `previousHeader` has this commit's view once it applies the rows and takes the newest ids and
 * heights (main/queries/farmer-view.ts), without reading the rows back from the store: during a
 * backfill nearly every row changes at each commit, and reading 25,000 of them on the thread that
 * answers the API was what a request waited for.
 */
export interface CommittedRows {
  /** The header committed before this commit (null: none was). */
  previousHeader: string | null;
  header: string;
  /** The commit emptied the tables first (a rebuild): its rows are not a change to the previous view. */
  reset: boolean;
  /** The rows written, one StoredFarmerRow after another (STORED_ROW_VALUES values each). */
  rows: Float64Array<ArrayBuffer>;
  /** agg_state.present and agg_state.heights as stored. */
  present: Uint8Array;
  heights: Uint8Array;
}

/** The stored rows of `ids`, in that order, as `CommittedRows.rows` holds them. */
export function storedRowsOf(state: FarmerState, ids: readonly number[]): Float64Array<ArrayBuffer> {
  const rows = new Float64Array(ids.length * STORED_ROW_VALUES);
  for (let index = 0; index < ids.length; index++) state.copyStoredRow(ids[index]!, rows, index * STORED_ROW_VALUES);
  return rows;
}
