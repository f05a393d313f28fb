import type { Migration } from '../migrate.js';

export const meta: Migration = {
  version: 2,
  name: 'meta: small named values shared by subsystems (job markers, import versions)',
  up: `
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
