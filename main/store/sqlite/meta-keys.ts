/**
 * Keys of the `meta` table that more than one subsystem reads. Imports bump the imported history
 * version; the aggregation and the queries compare it with the one their cached figures were
 * computed for.
 */
export const IMPORTED_HISTORY_VERSION_KEY = 'imported_history_version';
