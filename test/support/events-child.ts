/**
 * Folds a store file with its node events in its own process, so a test can SIGKILL it at any
 * point. The hook records each announced event in `test_announced` inside the commit's
 * transaction, as the alert outbox does, so a test can count how often each was announced.
 * Usage: node --import tsx test/support/events-child.ts <database file>
 */
import { runAggregation } from './run-aggregation.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: events-child.ts <database file>');
const db = openDatabase(file);
const store = new SqliteRawStore(db);
const announce = db.prepare('INSERT INTO test_announced (id) VALUES (?)');
process.stdout.write('folding\n');
await runAggregation(db, store, { readBatch: 2, commitObservations: 400 }, (_db, events) => {
  for (const event of events) announce.run(event.id);
});
db.close();
process.stdout.write('done\n');
