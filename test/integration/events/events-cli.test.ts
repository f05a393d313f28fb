import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventHistoryPage } from '../../../shared/model/event-history.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { databaseFile } from '../../../main/store/data-dir.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { cli } from '../../support/cli.js';
import { ignoreNewEvents } from '../../support/run-aggregation.js';

const A = farmerAddress(1);
const B = farmerAddress(2);
const START = Date.UTC(2026, 0, 1, 12);
const STEP = 300_000;

describe('CLI: events', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'events-cli-'));
    const db = openDatabase(databaseFile(dir));
    const store = new SqliteRawStore(db);
    const job = new AggregationJob(db, store, ignoreNewEvents);
    await job.configureEvents({ watched: [A], rules: DEFAULT_SETTINGS.eventRules });
    // A listed, missing twice (offline at the 3rd scrape), back at the 4th with a new payout.
    const listings = [true, false, false, true];
    listings.forEach((listed, index) => {
      const farmers = [{ address: B, payout: B, height: 5 }];
      if (listed) farmers.push({ address: A, payout: index === 3 ? B : A, height: 10 });
      store.appendScrapeSync(toNewScrape({ time: START + index * STEP, farmers, total: { totalTB: 1, totalFarmers: farmers.length } }));
    });
    await job.run();
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the address\'s events newest first, one line each, times labelled UTC', async () => {
    const { code, stdout } = await cli('events', '--address', A, '--data', dir);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      `2026-01-01 12:15:00 UTC  payout-changed  payout address changed from ${A} to ${B}`,
      `2026-01-01 12:15:00 UTC  online          back online, last seen before at 2026-01-01 12:00:00 UTC`,
      `2026-01-01 12:10:00 UTC  offline         offline: missing from two scrapes in a row, last seen 2026-01-01 12:00:00 UTC`,
    ]);
  });

  it('--format json prints the API\'s page; --kind, --from/--to and --limit narrow it, with a cursor for the rest', async () => {
    const all = JSON.parse((await cli('events', '--address', A, '--data', dir, '--format', 'json')).stdout) as EventHistoryPage;
    expect(all.events.map((event) => event.kind)).toEqual(['payout-changed', 'online', 'offline']);
    expect(all.nextCursor).toBeNull();
    const offline = JSON.parse((await cli('events', '--address', A, '--data', dir, '--format', 'json', '--kind', 'offline')).stdout) as EventHistoryPage;
    expect(offline.events).toEqual([all.events[2]]);
    const range = JSON.parse((await cli('events', '--address', A, '--data', dir, '--format', 'json', '--from', '2026-01-01T12:11', '--to', String(START + 3 * STEP))).stdout) as EventHistoryPage;
    expect(range.events).toEqual(all.events.slice(0, 2));
    const first = JSON.parse((await cli('events', '--address', A, '--data', dir, '--format', 'json', '--limit', '2')).stdout) as EventHistoryPage;
    expect(first.events).toEqual(all.events.slice(0, 2));
    const rest = JSON.parse((await cli('events', '--address', A, '--data', dir, '--format', 'json', '--cursor', first.nextCursor!)).stdout) as EventHistoryPage;
    expect(rest.events).toEqual(all.events.slice(2));
  }, 60_000);

  it('says so when an address has no events, and refuses bad usage with status 2', async () => {
    expect((await cli('events', '--address', B, '--data', dir)).stdout).toMatch(/no events .*watched/);
    const bad: Array<[string[], RegExp]> = [
      [['events', '--data', dir], /--address/],
      [['events', '--address', 'nope', '--data', dir], /Expected a farmer address/],
      [['events', '--address', A, '--kind', 'exploded', '--data', dir], /Expected one of offline/],
      [['events', '--address', A, '--from', 'yesterday', '--data', dir], /ISO 8601/],
      [['events', '--address', A, '--from', '2026-01-02', '--to', '2026-01-01', '--data', dir], /must not be after/],
      [['events', '--address', A, '--limit', '0', '--data', dir], /from 1 to 1000/],
      [['events', '--address', A, '--format', 'xml', '--data', dir], /text or json/],
    ];
    for (const [args, message] of bad) {
      const outcome = await cli(...args);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toMatch(message);
    }
    const empty = mkdtempSync(join(tmpdir(), 'events-cli-empty-'));
    try {
      const outcome = await cli('events', '--address', A, '--data', empty);
      expect(outcome.code).toBe(3);
      expect(outcome.stderr).toMatch(/no store in .*events-cli-empty-/);
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    // Each case starts the CLI in its own process.
  }, 120_000);
});
