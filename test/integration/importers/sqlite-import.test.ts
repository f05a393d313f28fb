import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORTED_HISTORY_VERSION_KEY } from '../../../main/store/sqlite/meta-keys.js';
import { planImport } from '../../../main/importers/run-import.js';
import { runImport } from '../../support/run-import.js';
import { summaryDay } from '../../../main/importers/summary-db-import.js';
import { farmerAddress, scratchDir, sqliteTarget, writeNetworkDb, writeSummaryDb, type TestTarget } from '../../support/import-fixtures.js';

let scratch: ReturnType<typeof scratchDir>;
let target: TestTarget;

beforeEach(() => {
  scratch = scratchDir();
  target = sqliteTarget(join(scratch.dir, 'store.db'));
});

afterEach(() => {
  target.db.close();
  scratch.cleanup();
});

const historyVersion = (): string | undefined =>
  target.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(IMPORTED_HISTORY_VERSION_KEY)?.value;

interface ImportedFarmer {
  address: string;
  first_time: number;
  last_time: number;
  uptime_ms: number;
}

const importedFarmers = (): ImportedFarmer[] =>
  target.db
    .prepare<[], ImportedFarmer>(
      'SELECT a.address, f.first_time, f.last_time, f.uptime_ms FROM imported_farmers f JOIN addresses a ON a.id = f.address_id ORDER BY a.address',
    )
    .all();

describe("importing the original's network.db", () => {
  it('turns farmers rows into imported_farmers in milliseconds and rejects bad rows by row number', async () => {
    const file = join(scratch.dir, 'network.db');
    writeNetworkDb(file, [
      [farmerAddress(1), 1446214885, 1447302281, 1068009],
      [farmerAddress(2), 1442982283.5, 1447302281.25, 3992915.125],
      ['1BoatSLRHtKNngkdXEeobR76b53LETtpyX', 1446214885, 1447302281, 10], // checksum broken
      [farmerAddress(4), 1447302281, 1446214885, 0], // last before first
      [farmerAddress(5), 1446214885, 1446214985, 500], // uptime longer than the span
      [farmerAddress(6), 1446214885, 1447302281, null],
      [farmerAddress(7), 'yesterday', 1447302281, 0],
    ]);
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ state: 'done', imported: 2, skipped: 0, rejected: 5 });
    expect(progress.errors).toEqual([
      expect.stringMatching(/^network\.db farmers row 3: address "1BoatSLRHtKNngkdXEeobR76b53LETtpyX": .*checksum/),
      expect.stringMatching(/^network\.db farmers row 4: last_date 1446214885 is before first_date 1447302281$/),
      expect.stringMatching(/^network\.db farmers row 5: uptime 500 s is longer than last_date − first_date \(100 s\)$/),
      expect.stringMatching(/^network\.db farmers row 6: uptime must be number$/),
      expect.stringMatching(/^network\.db farmers row 7: first_date must be number$/),
    ]);
    expect(importedFarmers()).toEqual(
      [
        { address: farmerAddress(1), first_time: 1446214885000, last_time: 1447302281000, uptime_ms: 1068009000 },
        { address: farmerAddress(2), first_time: 1442982283500, last_time: 1447302281250, uptime_ms: 3992915125 },
      ].sort((a, b) => a.address.localeCompare(b.address)),
    );
    expect(historyVersion()).toBe('1');
  });

  it('changes nothing when imported again, and takes the rows of a newer network.db', async () => {
    const t = 1_447_000_000;
    const file = join(scratch.dir, 'network.db');
    writeNetworkDb(file, [[farmerAddress(1), t + 1000, t + 2000, 500]]);
    await runImport(target, { kind: 'path', path: file });
    const again = await runImport(target, { kind: 'path', path: file }, { restart: true });
    expect(again).toMatchObject({ imported: 0, skipped: 1 });
    expect(historyVersion()).toBe('1');

    const older = join(scratch.dir, 'older.db');
    writeNetworkDb(older, [[farmerAddress(1), t + 1000, t + 1500, 400]]);
    expect(await runImport(target, { kind: 'path', path: older })).toMatchObject({ imported: 0, skipped: 1 });
    const newer = join(scratch.dir, 'newer.db');
    writeNetworkDb(newer, [[farmerAddress(1), t + 1000, t + 3000, 1500]]);
    expect(await runImport(target, { kind: 'path', path: newer })).toMatchObject({ imported: 1 });
    expect(importedFarmers()).toEqual([{ address: farmerAddress(1), first_time: (t + 1000) * 1000, last_time: (t + 3000) * 1000, uptime_ms: 1_500_000 }]);
    expect(historyVersion()).toBe('2');
  });

  it('refuses rows dated before 2009-01-03 or ahead of the clock, keeping the rest', async () => {
    const file = join(scratch.dir, 'network.db');
    writeNetworkDb(file, [
      [farmerAddress(1), 1000, 2000, 500],
      [farmerAddress(2), 1_447_000_000, 4_102_444_800, 0],
      [farmerAddress(3), 1_447_000_000, 1_447_001_000, 500],
    ]);
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ imported: 1, rejected: 2 });
    expect(progress.errors).toEqual([
      'network.db farmers row 1: first_date 1000 (1970-01-01T00:16:40.000Z is before 2009-01-03, earlier than any address can be)',
      expect.stringMatching(/^network\.db farmers row 2: last_date 4102444800 \(2100-01-01T00:00:00\.000Z is more than a day ahead of this machine's clock/),
    ]);
    expect(importedFarmers().map((row) => row.address)).toEqual([farmerAddress(3)]);
  });
});

describe("importing the original's summary.db", () => {
  it('turns summaries rows into imported_summaries per UTC day and rejects bad rows by row number', async () => {
    const file = join(scratch.dir, 'summary.db');
    const day = Date.UTC(2015, 10, 10) / 86_400_000;
    writeSummaryDb(file, [
      [farmerAddress(1), '2015-11-10 00:00:00', farmerAddress(1), 84600.0, 86100.0, 1500, 0.017],
      [farmerAddress(2), '2015-11-10 00:00:00', farmerAddress(3), 3600, 7200, 20, 0.00004],
      [farmerAddress(1), Date.UTC(2015, 10, 11) / 1000, farmerAddress(1), 0, 0, 0, 0],
      [farmerAddress(4), '2015-13-01 00:00:00', farmerAddress(4), 1, 2, 3, 0.1],
      [farmerAddress(5), '2015-11-10 00:00:00', 'not-an-address', 1, 2, 3, 0.1],
      [farmerAddress(6), '2015-11-10 00:00:00', farmerAddress(6), 9000, 100, 3, 0.1],
      [farmerAddress(7), '2015-11-10 00:00:00', farmerAddress(7), 1, 2, 3, null],
      [farmerAddress(8), '9999-12-31 00:00:00', farmerAddress(8), 1, 2, 3, 0],
      [farmerAddress(9), '2015-11-10 00:00:00', farmerAddress(9), 3600, 7200, 20, 1e308],
      [farmerAddress(10), '2015-11-10 00:00:00', farmerAddress(10), 3600, 90_000, 20, 0],
      [farmerAddress(11), '2008-12-31 00:00:00', farmerAddress(11), 1, 2, 3, 0],
    ]);
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ state: 'done', imported: 3, rejected: 8 });
    expect(progress.errors).toEqual([
      expect.stringMatching(/^summary\.db summaries row 4: date "2015-13-01 00:00:00" is not a calendar date$/),
      expect.stringMatching(/^summary\.db summaries row 5: payout_address "not-an-address": /),
      expect.stringMatching(/^summary\.db summaries row 6: uptime 9000 s is longer than duration 100 s$/),
      expect.stringMatching(/^summary\.db summaries row 7: points must be number$/),
      expect.stringMatching(/^summary\.db summaries row 8: date "9999-12-31 00:00:00" 9999-12-31T00:00:00\.000Z is more than a day ahead of this machine's clock/),
      expect.stringMatching(/^summary\.db summaries row 9: points 1e\+308 are more than the formula gives for this height and duration \(at most 0\.0008416\)$/),
      'summary.db summaries row 10: duration 90000 s is longer than a day',
      'summary.db summaries row 11: date "2008-12-31 00:00:00" 2008-12-31T00:00:00.000Z is before 2009-01-03, earlier than any address can be',
    ]);
    const rows = target.db
      .prepare('SELECT a.address, s.day, p.address AS payout, s.uptime_ms, s.duration_ms, s.height, s.points FROM imported_summaries s JOIN addresses a ON a.id = s.address_id JOIN addresses p ON p.id = s.payout_id ORDER BY s.day, a.address')
      .all();
    expect(rows).toEqual(
      [
        { address: farmerAddress(1), day, payout: farmerAddress(1), uptime_ms: 84_600_000, duration_ms: 86_100_000, height: 1500, points: 0.017 },
        { address: farmerAddress(2), day, payout: farmerAddress(3), uptime_ms: 3_600_000, duration_ms: 7_200_000, height: 20, points: 0.00004 },
      ]
        .sort((a, b) => a.address.localeCompare(b.address))
        .concat([{ address: farmerAddress(1), day: day + 1, payout: farmerAddress(1), uptime_ms: 0, duration_ms: 0, height: 0, points: 0 }]),
    );
    expect(await runImport(target, { kind: 'path', path: file }, { restart: true })).toMatchObject({ imported: 0, skipped: 3, rejected: 8 });
  });

  it('reads the day a summary date names, as text or epoch seconds or milliseconds', () => {
    const day = Date.UTC(2015, 10, 10) / 86_400_000;
    expect(summaryDay('2015-11-10 00:00:00')).toBe(day);
    expect(summaryDay('2015-11-10')).toBe(day);
    expect(summaryDay('2015-11-10T13:14:15.5')).toBe(day);
    expect(summaryDay(Date.UTC(2015, 10, 10, 12) / 1000)).toBe(day);
    expect(summaryDay(Date.UTC(2015, 10, 10, 12))).toBe(day);
    expect(summaryDay('1447156800.0')).toBe(day);
    expect(summaryDay('10/11/2015')).toMatch(/neither/);
    expect(summaryDay('2015-02-30')).toMatch(/not a calendar date/);
  });

  it('finds both tables in one SQLite file and imports them in order', () => {
    const file = join(scratch.dir, 'both.db');
    writeNetworkDb(file, [[farmerAddress(1), 1000, 2000, 500]]);
    writeSummaryDb(file, [[farmerAddress(1), '2015-11-10 00:00:00', farmerAddress(1), 1, 2, 3, 0.1]]);
    expect(planImport({ kind: 'path', path: file }).steps.map((step) => step.kind)).toEqual(['network-db', 'summary-db']);
  });

  it('refuses a damaged SQLite file with a reason instead of an internal error', () => {
    const file = join(scratch.dir, 'damaged.db');
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xff)]));
    expect(() => planImport({ kind: 'path', path: file })).toThrow(expect.objectContaining({ code: 'bad_request', message: expect.stringMatching(/damaged\.db: /) }));
  });

  it('refuses an SQLite file without the original tables', () => {
    const file = join(scratch.dir, 'other.db');
    target.db.exec(`VACUUM INTO '${file}'`);
    expect(() => planImport({ kind: 'path', path: file })).toThrow(/without the original's tables/);
  });
});
