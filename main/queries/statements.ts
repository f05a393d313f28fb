import type { Statement } from 'better-sqlite3';
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

/**
 * Statements whose SQL is built at run time from a small set of values (e.g. a bucket width that
 * SQLite must see as an integer literal), kept per connection by their text.
 */
export function preparedByText<Parameters extends unknown[], Row>(db: SqliteDatabase, sql: string): Statement<Parameters, Row> {
  let statements = textStatements.get(db);
  if (statements === undefined) {
    statements = new Map();
    textStatements.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    // Bounded: the texts come from the bucket widths a dashboard asks for; drop the oldest past the limit.
    if (statements.size >= MAX_TEXT_STATEMENTS) statements.delete(statements.keys().next().value!);
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as Statement<Parameters, Row>;
}

const MAX_TEXT_STATEMENTS = 64;
const textStatements = new WeakMap<SqliteDatabase, Map<string, Statement<unknown[], unknown>>>();
