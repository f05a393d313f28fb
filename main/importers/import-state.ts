import { IMPORTED_HISTORY_VERSION_KEY } from '../store/sqlite/meta-keys.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

/**
 * Where an interrupted import stands, kept in the local `meta` table under `import:<source>` so
 * the next run continues there. Markers only save time: every record also carries a source key,
 * so redoing part of an import (a crash between a batch and its marker) adds nothing twice.
 */

const PREFIX = 'import:';

export class ImportState {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(private readonly db: SqliteDatabase) {
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM meta WHERE key = ?');
  }

  /** The saved marker, or null when there is none or it does not parse (then the import starts over). */
  read<T extends object>(source: string, isMarker: (value: unknown) => value is T): T | null {
    const row = this.select.get(PREFIX + source);
    if (row === undefined) return null;
    try {
      const value: unknown = JSON.parse(row.value);
      return isMarker(value) ? value : null;
    } catch {
      return null;
    }
  }

  write(source: string, marker: object): void {
    this.upsert.run(PREFIX + source, JSON.stringify(marker));
  }

  clear(source: string): void {
    this.remove.run(PREFIX + source);
  }

  bumpImportedHistoryVersion(): number {
    return this.db.transaction(() => {
      const current = Number.parseInt(this.select.get(IMPORTED_HISTORY_VERSION_KEY)?.value ?? '0', 10);
      const next = (Number.isFinite(current) ? current : 0) + 1;
      this.upsert.run(IMPORTED_HISTORY_VERSION_KEY, String(next));
      return next;
    })();
  }
}
