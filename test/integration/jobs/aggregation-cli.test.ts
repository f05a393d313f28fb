import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../../shared/model/address.js';
import { NetworkPayloadSchema, type NetworkPayload } from '../../../shared/model/network.js';
import { Compile } from 'typebox/compile';
import { databaseFile } from '../../../main/store/data-dir.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../main/cli/index.ts');
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: join(import.meta.dirname, '../../..') });
const A = farmerAddress(1);

describe('CLI: report, summary, rebuild', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aggregation-cli-'));
    const db = openDatabase(databaseFile(dir));
    const store = new SqliteRawStore(db);
    const start = Date.UTC(2026, 0, 1, 23);
    for (let i = 0; i < 30; i++) {
      store.appendScrapeSync(
        toNewScrape({ time: start + i * 300_000, farmers: [{ address: A, payout: A, height: 1500 }], total: { totalTB: 1.5, totalFarmers: 1 } }),
      );
    }
    // A record two days later makes 2026-01-01 and 2026-01-02 complete.
    store.appendScrapeSync(toNewScrape({ time: Date.UTC(2026, 0, 3, 1), farmers: null, total: { totalTB: 1.5, totalFarmers: 1 } }));
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('`report --json` folds pending history and prints the dashboard payload', async () => {
    const { stdout } = await cli('report', '--json', '--data', dir);
    const payload = JSON.parse(stdout) as NetworkPayload;
    expect(Compile(NetworkPayloadSchema).Check(payload)).toBe(true);
    expect(payload).toMatchObject({ asOf: Date.UTC(2026, 0, 3, 1), averageCapacityGB: 1500 });
  });

  it('`summary <btc_addr> --json` prints the original API array; an invalid address is bad usage, with its reason', async () => {
    const { stdout } = await cli('summary', A, '--json', '--data', dir);
    const rows = JSON.parse(stdout) as SummaryRow[];
    expect(rows.map((row) => row.date)).toEqual(['2026-01-01 00:00:00', '2026-01-02 00:00:00']);
    expect(rows[0]).toMatchObject({ uptime: 3300, duration: 3300, height: 1500 });
    await expect(cli('summary', 'not-an-address', '--json', '--data', dir)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("value 'not-an-address' is invalid for argument 'btc_addr'. Expected a farmer address: "),
    });
  });

  it('`rebuild` recomputes everything from raw and reports what it folded', async () => {
    const { stdout } = await cli('rebuild', '--data', dir);
    expect(stdout).toContain('rebuilt: 31 records, 30 observations');
    const { stdout: again } = await cli('summary', A, '--json', '--data', dir, '--no-fold');
    expect((JSON.parse(again) as SummaryRow[]).length).toBe(2);
  });
});
