/**
 * Runs the aggregation job once over a store file in its own process, so a test can SIGKILL it
 * at any point. Small batches and commits make many commit boundaries for the kill to land near.
 * Usage: node --import tsx test/support/aggregation-child.ts <database file>
 */
import { runAggregation } from './run-aggregation.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: aggregation-child.ts <database file>');
const db = openDatabase(file);
const store = new SqliteRawStore(db);
process.stdout.write('folding\n');
await runAggregation(db, store, { readBatch: 2, commitObservations: 400 });
db.close();
process.stdout.write('done\n');
