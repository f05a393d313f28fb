import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_STORE_EXIT_CODE } from '../../../main/cli/existing-store.js';
import { databaseFile } from '../../../main/store/data-dir.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { farmerAddress, toNewScrape } from '../../support/aggregation-fixtures.js';
import { cliWith } from '../../support/cli.js';

const A = farmerAddress(1);
const B = farmerAddress(2);
const HOUR = 3_600_000;
const DAY_1 = Date.UTC(2026, 2, 1);

/** Three UTC days of hourly scrapes: one farmer all along, a second on day 2 at noon only, none on day 3 after 06:00. */
function fillStore(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(databaseFile(dataDir));
  const store = new SqliteRawStore(db);
  for (let hour = 0; hour < 72; hour++) {
    const time = DAY_1 + hour * HOUR;
    const farmers = hour > 54 ? [] : hour === 36 ? [A, B] : [A];
    store.appendScrapeSync(
      toNewScrape({
        time,
        farmers: farmers.map((address) => ({ address, payout: address, height: 1000 })),
        total: { totalTB: farmers.length * 0.125, totalFarmers: farmers.length },
      }),
    );
  }
  db.close();
}

/** The default data folder is moved into a temporary one through XDG_CONFIG_HOME, which only Linux reads. */
const ON_LINUX = process.platform === 'linux';
if (!ON_LINUX) console.warn('report data-folder tests skipped: they need Linux (XDG_CONFIG_HOME keeps them out of your own data folder)');

describe.skipIf(!ON_LINUX)('report and summary read only folders that hold a store', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const defaultDir = (): string => join(home, 'driveshare-graph');
  const demoDir = (): string => join(home, 'driveshare-graph', 'demo');

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'report-folders-'));
    env = { XDG_CONFIG_HOME: home };
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('a folder without a store: exit status 3, what to do, and nothing created', async () => {
    for (const args of [['report'], ['report', '--json', '--no-fold'], ['summary', A], ['report', '--demo'], ['report', '--data', join(home, 'elsewhere')], ['doctor']]) {
      const outcome = await cliWith({ env }, ...args);
      expect(outcome.code, args.join(' ')).toBe(NO_STORE_EXIT_CODE);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toMatch(/^error: no (store|demo history) in /);
    }
    expect(readdirSync(home)).toEqual([]);
    const missing = await cliWith({ env }, 'report');
    expect(missing.stderr).toContain('`collect`, `headless` or `import` create one, or read another folder with --data DIR');
    const demo = await cliWith({ env }, 'summary', A, '--demo');
    expect(demo.stderr).toBe(`error: no demo history in ${demoDir()} yet: \`npm run demo\` fills it\n`);
  });

  it('with only the demo folder filled, the default folder says to add --demo, and --demo reads it', async () => {
    fillStore(demoDir());
    const plain = await cliWith({ env }, 'report');
    expect(plain.code).toBe(NO_STORE_EXIT_CODE);
    expect(plain.stderr).toContain(`the demo's history is in ${demoDir()}: add --demo`);
    expect(existsSync(databaseFile(defaultDir()))).toBe(false);

    const report = await cliWith({ env }, 'report', '--demo');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('as of 2026-03-03T23:00:00.000Z');
    const summary = await cliWith({ env }, 'summary', A, '--demo');
    expect(summary.stdout).toContain(`${A}: first seen 2026-03-01T00:00:00.000Z`);
  });

  it('an empty default store points to the demo the same way', async () => {
    mkdirSync(defaultDir(), { recursive: true });
    openDatabase(databaseFile(defaultDir())).close();
    fillStore(demoDir());
    const outcome = await cliWith({ env }, 'report');
    expect(outcome).toMatchObject({ code: 0, stdout: `no history yet: run \`collect\`, \`headless\` or \`import\` first\nthe demo's history is in ${demoDir()}: add --demo\n` });
  });

  it('the text report lists the fewest and most farmers online on every UTC day', async () => {
    fillStore(defaultDir());
    const { code, stdout } = await cliWith({ env }, 'report');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(-5)).toEqual(['farmers online per UTC day, fewest–most:', '  2026-03-01  1–1', '  2026-03-02  1–2', '  2026-03-03  0–1', '']);
  });
});
