import type { Migration } from '../migrate.js';

/**
 * Node events (docs/events.md), derived from the stored scrapes by the aggregation job and kept
 * forever (a few dozen bytes each). The id is the event's identity (kind, address, time), the same
 * after a rebuild, so a re-derived event replaces its row instead of adding one.
 */
export const nodeEvents: Migration = {
  version: 7,
  name: 'node events: what happened to watched nodes, the collector and the aggregation, with the rules\' state',
  up: `
    CREATE TABLE node_events (
      id TEXT PRIMARY KEY,
      time INTEGER NOT NULL,
      kind TEXT NOT NULL,
      address TEXT,
      detail TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX node_events_time ON node_events (time, id);
    CREATE INDEX node_events_address_time ON node_events (address, time, id);

    -- The rules' running state, committed with the aggregates' progress marker: 'derivation'
    -- (thresholds, the last 24 h of snapshot times, the collector's failure count, log markers)
    -- and 'aggregation' (whether the job is failing).
    CREATE TABLE event_state (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;

    -- The derivation starts here, at what the store already holds: history folded before this
    -- version and scrape-log rows already written are derived silently (announcements are for what
    -- happens from now on). The thresholds are the defaults until the settings arrive.
    INSERT INTO event_state (name, value) VALUES ('derivation', json_object(
      'format', 1,
      'rules', json_object('heightGrowth', 1000, 'uptime24hBelowPercent', 90, 'collectorFailures', 3),
      'window', json_object('lastTime', NULL, 'times', json_array()),
      'collector', json_object('failures', 0, 'failingSince', NULL, 'failing', json('false')),
      'logMarks', json_object('scrapes', 0, 'remote_scrape_log', 0),
      'logSilentThrough', json_object(
        'scrapes', COALESCE((SELECT MAX(id) FROM scrapes), 0),
        'remote_scrape_log', COALESCE((SELECT MAX(id) FROM remote_scrape_log), 0)),
      'announcedThrough', (SELECT json_extract(header, '$.cursor.time') FROM agg_state WHERE id = 1)
    ));

    -- One row per watched address: the set of rows is the watched list the events were derived for.
    CREATE TABLE event_nodes (
      address TEXT PRIMARY KEY,
      state TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
