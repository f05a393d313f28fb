import { checkAddress } from '../../shared/address.js';
import { AppError } from '../../shared/errors.js';
import { MAX_DETAIL_DAYS, SUMMARY_WINDOW_DAYS, type SummaryRow } from '../../shared/model/address.js';
import { dayOf } from '../jobs/formulas.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { cachedSummaryDate } from './day-text.js';
import { farmerView } from './farmer-view.js';
import { statementsPerConnection } from './statements.js';

type DayRow = [day: number, uptimeMs: number, durationMs: number, height: number, points: number];

const statements = statementsPerConnection((db) => ({
  addressId: db.prepare<[string], number>('SELECT id FROM addresses WHERE address = ?').pluck(),
  computed: db
    .prepare<[number, number, number], DayRow>(
      `SELECT day, uptime_ms, duration_ms, height, points FROM agg_daily_summaries
       WHERE address_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
    )
    .raw(),
  imported: db
    .prepare<[number, number, number], DayRow>(
      `SELECT day, uptime_ms, duration_ms, height, points FROM imported_summaries
       WHERE address_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
    )
    .raw(),
  totals: db.prepare<[number, number], [number, number]>('SELECT day, total_points FROM agg_daily_totals WHERE day BETWEEN ? AND ?').raw(),
}));

/** Throws `invalid_address` with checkAddress's reason unless `address` is a valid farmer address. */
export function assertAddress(address: string): void {
  const check = checkAddress(address);
  if (!check.ok) throw new AppError('invalid_address', `invalid address: ${check.detail}`);
}

export function addressId(db: SqliteDatabase, address: string): number | null {
  return statements(db).addressId.get(address) ?? null;
}

/**
 * §5 `/api/summary/<btc_addr>`: one row per day, oldest first, for the 31 days ending yesterday
 * (the last complete UTC day before the reference time) on which the address has a summary.
 * Computed summaries win over imported ones for the same day. Unknown address: [].
 */
export function addressSummary(db: SqliteDatabase, address: string, days: number = SUMMARY_WINDOW_DAYS): SummaryRow[] {
  assertAddress(address);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DETAIL_DAYS) {
    throw new AppError('bad_request', `days must be an integer from 1 to ${MAX_DETAIL_DAYS}`);
  }
  const id = addressId(db, address);
  const reference = farmerView(db).referenceTime;
  if (id === null || reference === null) return [];
  return summaryRows(db, id, dayOf(reference) - 1, days);
}

export function summaryRows(db: SqliteDatabase, id: number, lastDay: number, days: number): SummaryRow[] {
  const firstDay = lastDay - days + 1;
  const kept = statements(db);
  const computed = kept.computed.all(id, firstDay, lastDay);
  const imported = kept.imported.all(id, firstDay, lastDay);
  let rows = computed;
  if (imported.length > 0) {
    const byDay = new Map<number, DayRow>();
    for (const row of imported) byDay.set(row[0], row);
    for (const row of computed) byDay.set(row[0], row);
    rows = [...byDay.values()].sort((a, b) => a[0] - b[0]);
  }
  if (rows.length === 0) return [];
  const totals = new Map(kept.totals.all(firstDay, lastDay));
  // Computed rows come ordered by day; with imported ones the merge above sorts them.
  return rows.map(([day, uptimeMs, durationMs, height, points]) => ({
    date: cachedSummaryDate(day),
    uptime: uptimeMs / 1000,
    duration: durationMs / 1000,
    height,
    points,
    total_points: totals.get(day) ?? points,
  }));
}
