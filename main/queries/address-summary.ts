import { checkAddress } from '../../shared/address.js';
import { AppError } from '../../shared/errors.js';
import type { SummaryRow } from '../../shared/model/address.js';
import { MAX_DETAIL_DAYS, SUMMARY_WINDOW_DAYS } from '../../shared/defaults.js';
import { dayOf } from '../../shared/formulas.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { cachedSummaryDate } from './day-text.js';
import { farmerView } from './farmer-view.js';
import { statementsPerConnection } from './statements.js';

/** A day's summary with the network's total points that day (null when no total was written). */
type DayRow = [day: number, uptimeMs: number, durationMs: number, height: number, points: number, totalPoints: number | null];

const statements = statementsPerConnection((db) => ({
  addressId: db.prepare<[string], number>('SELECT id FROM addresses WHERE address = ?').pluck(),
  // The day's total joined in (one statement, no second pass over 31 rows per request).
  computed: db
    .prepare<[number, number, number], DayRow>(
      `SELECT s.day, s.uptime_ms, s.duration_ms, s.height, s.points, t.total_points
       FROM agg_daily_summaries s LEFT JOIN agg_daily_totals t ON t.day = s.day
       WHERE s.address_id = ? AND s.day BETWEEN ? AND ? ORDER BY s.day`,
    )
    .raw(),
  imported: db
    .prepare<[number, number, number], DayRow>(
      `SELECT s.day, s.uptime_ms, s.duration_ms, s.height, s.points, t.total_points
       FROM imported_summaries s LEFT JOIN agg_daily_totals t ON t.day = s.day
       WHERE s.address_id = ? AND s.day BETWEEN ? AND ? ORDER BY s.day`,
    )
    .raw(),
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
 * The original's `/api/summary/<btc_addr>` (docs/formulas.md, points): one row per day, oldest first, for the 31 days ending yesterday
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
  // Computed rows come ordered by day; with imported ones the merge above sorts them.
  const summary: SummaryRow[] = [];
  for (const [day, uptimeMs, durationMs, height, points, totalPoints] of rows) {
    summary.push({ date: cachedSummaryDate(day), uptime: uptimeMs / 1000, duration: durationMs / 1000, height, points, total_points: totalPoints ?? points });
  }
  return summary;
}
