import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/**
 * Applies numbered migrations in order, each in its own transaction together with the bump of
 * `user_version`, so a crash leaves the schema at a whole version.
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 1..n without gaps; found ${migration.version} at position ${index + 1}`);
    }
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > sorted.length) {
    throw new Error(`the store's schema version ${current} is newer than this app knows (${sorted.length}); update the app`);
  }
  for (const migration of sorted.slice(current)) {
    db.transaction(() => {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return sorted.length;
}
