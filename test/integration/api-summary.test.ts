import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../shared/model/address.js';
import type { NetworkPayload } from '../../shared/model/network.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';

/**
 * `/api/summary/:btc_addr` against docs/local-api.md, "The original's endpoints", checked from the outside: the window
 * (31 days ending yesterday, oldest first), the exact shape, the points formula (docs/formulas.md, "Points") recomputed
 * from each row, total_points as the sum over all addresses, and the CLI's `summary --json`.
 */
const DAY_MS = 86_400_000;
const run = promisify(execFile);

let api: ApiFixture;
let addresses: string[];
let asOf: number;
const summaries = new Map<string, SummaryRow[]>();

beforeAll(async () => {
  // 34 days: more than the 31-day window, so its first day is cut off by the window, not by the data.
  api = await apiFixture({ farmers: 6, days: 34 });
  asOf = ((await (await api.request('/api/v1/network?points=2')).json()) as NetworkPayload).asOf!;
  addresses = ((await (await api.request('/api/v1/addresses?limit=1000')).json()) as Array<{ address: string }>).map((item) => item.address);
  for (const address of addresses) summaries.set(address, (await (await api.request(`/api/summary/${address}`)).json()) as SummaryRow[]);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const dayStart = (time: number): number => Math.floor(time / DAY_MS) * DAY_MS;
const heightFn = (height: number): number => (height === 0 ? 0 : 0.01 + (0.99 * height) / 199_999);
const uptimeFn = (ratio: number): number => 1 / (1 + Math.exp((0.85 - ratio) * 19)) + 0.0547;

describe('/api/summary/:btc_addr, the original endpoint', () => {
  it('has exactly the original fields, in order, with the original date format', () => {
    const rows = [...summaries.values()].flat();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['date', 'uptime', 'duration', 'height', 'points', 'total_points']);
      expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
    }
  });

  it('covers the 31 days ending yesterday, oldest first, and nothing else', () => {
    const yesterday = dayStart(asOf) - DAY_MS;
    const first = yesterday - 30 * DAY_MS;
    const seenDays = new Set<number>();
    for (const rows of summaries.values()) {
      const times = rows.map((row) => Date.parse(`${row.date.replace(' ', 'T')}Z`));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const time of times) {
        expect(time).toBeGreaterThanOrEqual(first);
        expect(time).toBeLessThanOrEqual(yesterday);
        seenDays.add(time);
      }
    }
    // The history reaches back further, so the window itself is what cuts: all 31 days, no more.
    expect(seenDays.size).toBe(31);
    expect(seenDays.has(first)).toBe(true);
    expect(seenDays.has(yesterday)).toBe(true);
  });

  it('each row\'s points follow the points formula from its own height, uptime and duration', () => {
    for (const rows of summaries.values()) {
      for (const row of rows) {
        const expected = row.duration === 0 ? 0 : heightFn(row.height) * uptimeFn(row.uptime / row.duration) * (row.duration / 86_400);
        expect(row.points).toBeCloseTo(expected, 9);
        expect(row.uptime).toBeLessThanOrEqual(row.duration);
      }
    }
  });

  it('total_points is the sum of every address\'s points that day', () => {
    const sums = new Map<string, number>();
    const totals = new Map<string, number>();
    for (const rows of summaries.values()) {
      for (const row of rows) {
        sums.set(row.date, (sums.get(row.date) ?? 0) + row.points);
        totals.set(row.date, row.total_points);
      }
    }
    for (const [date, sum] of sums) expect(totals.get(date)!, date).toBeCloseTo(sum, 9);
  });

  it('answers [] for a valid address that was never seen', async () => {
    expect(await (await api.request('/api/summary/3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).json()).toEqual([]);
  });

  it('equals the CLI\'s `summary --json` for the same store', async () => {
    const address = addresses[0]!;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'summary', address, '--json', '--no-fold', '--data', api.dir], { timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual(summaries.get(address));
  });
});
