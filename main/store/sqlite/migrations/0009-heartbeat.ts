import type { Migration } from '../migrate.js';

/**
 * The heartbeat of each watched address: per UTC hour, how many snapshots were stored and how
 * many listed it, for the last 30 days (older hours are dropped as the fold moves on). The events
 * fold keeps it with the events, so it is exact and equal after a rebuild. A store upgraded with
 * history starts it empty for the addresses already watched (their hours before the upgrade read
 * as "no scrape stored" until a rebuild): deriving them again here would also derive their events
 * again, and events of snapshots that raw retention has dropped would be lost.
 */
export const heartbeat: Migration = {
  version: 9,
  name: 'heartbeat: per watched address and hour, snapshots stored and snapshots listing it',
  up: `
    CREATE TABLE event_heartbeat (
      address TEXT NOT NULL,
      hour INTEGER NOT NULL,
      scrapes INTEGER NOT NULL,
      listed INTEGER NOT NULL,
      PRIMARY KEY (address, hour)
    ) WITHOUT ROWID;
  `,
};
