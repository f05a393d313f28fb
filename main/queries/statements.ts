import type { SqliteDatabase } from '../store/sqlite/open-database.js';

/**
 * Per-connection prepared statements. `db.prepare()` parses and plans the SQL on every call
 * (~300 µs for the address summary's three statements, several times the cost of running them);
 * a query module instead builds its statements once per connection with this and reuses them.
 * SQLite re-prepares a kept statement by itself when the schema changes (a migration, a rebuild).
 */
export function statementsPerConnection<Statements>(build: (db: SqliteDatabase) => Statements): (db: SqliteDatabase) => Statements {
  const byConnection = new WeakMap<SqliteDatabase, Statements>();
  return (db) => {
    let statements = byConnection.get(db);
    if (statements === undefined) {
      statements = build(db);
      byConnection.set(db, statements);
    }
    return statements;
  };
}
