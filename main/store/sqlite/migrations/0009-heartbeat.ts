import type { Migration } from '../migrate.js';

/**
 * The heartbeat of each watched address: per UTC hour, how many snapshots were stored
 * (event_hours, one row an hour) and how many of them did not list the address (event_heartbeat,
 * a row only for an hour with a miss, so a node listed by every scrape costs no write), for the
 * last 30 days (older hours are dropped as the fold moves on). The events fold keeps both with the
 * events, so they are exact and equal after a rebuild. A store upgraded with
 * history starts it empty for the addresses already watched (their hours before the upgrade read
 * as "no scrape stored" until a rebuild): deriving them again here would also derive their events
 * again, and events of snapshots that raw retention has dropped would be lost.
 */
export const heartbeat: Migration = {
  version: 9,
  name: 'heartbeat: snapshots stored per hour, and per watched address the snapshots that missed it',
  up: `
    CREATE TABLE event_hours (
      hour INTEGER PRIMARY KEY,
      scrapes INTEGER NOT NULL
    );
    CREATE TABLE event_heartbeat (
      address TEXT NOT NULL,
      hour INTEGER NOT NULL,
      missed INTEGER NOT NULL,
      PRIMARY KEY (address, hour)
    ) WITHOUT ROWID;
    CREATE INDEX event_heartbeat_hour ON event_heartbeat (hour);
  `,
};
