import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { checkAddress } from '../../shared/address.js';
import { historyTimeProblem } from '../../shared/history-bounds.js';
import { MS_PER_DAY, SECONDS_PER_DAY } from '../../shared/defaults.js';
import { MAX_HEIGHT_EXCLUSIVE } from '../../shared/model/dataserv.js';
import { heightFn, uptimeFn } from '../../shared/formulas.js';
import type { StepContext } from './import-context.js';
import { importTableRows } from './sqlite-table-import.js';

/** Numbers below this are epoch seconds, above it epoch milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

const NonNegative = Type.Number({ minimum: 0 });
/**
 * summary.db `summaries`. The original declared `date TEXT` and wrote `str(datetime)`
 * ("2015-11-10 00:00:00"); epoch numbers are accepted too.
 */
const SummaryRowSchema = Type.Object({
  rowid: Type.Integer(),
  auth_address: Type.String(),
  date: Type.Union([Type.String(), Type.Number()]),
  payout_address: Type.String(),
  uptime: NonNegative,
  duration: NonNegative,
  height: Type.Number({ minimum: 0, exclusiveMaximum: MAX_HEIGHT_EXCLUSIVE }),
  points: NonNegative,
});
const summaryRow = Compile(SummaryRowSchema);
type SummaryRow = { rowid: number; auth_address: string; date: string | number; payout_address: string; uptime: number; duration: number; height: number; points: number };

const EPOCH_TEXT = /^\d+(?:\.\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?)?$/;

/** The UTC day number (floor(epoch ms / 86,400,000)) the original's `date` names, or a reason. */
export function summaryDay(date: string | number): number | string {
  if (typeof date === 'number') {
    if (!Number.isFinite(date) || date < 0) return `date ${date} is not an epoch time`;
    return Math.floor((date < SECONDS_LIMIT ? date * 1000 : date) / MS_PER_DAY);
  }
  // A TEXT column stores an epoch number as text ("1447200000.0").
  if (EPOCH_TEXT.test(date.trim())) return summaryDay(Number(date));
  const match = DATE_TEXT.exec(date.trim());
  if (match === null) return `date ${JSON.stringify(date)} is neither "YYYY-MM-DD HH:MM:SS" nor an epoch time`;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return `date ${JSON.stringify(date)} is not a calendar date`;
  }
  return time / MS_PER_DAY;
}

/** Float dust from the original's arithmetic must not reject a row. */
const POINTS_TOLERANCE = 1e-9;

/**
 * The most points a day can earn at this mean height and duration: the points formula with full
 * uptime (see docs/formulas.md, "Points"). The original's rows can only be at or below it.
 */
function pointsCeiling(height: number, durationSeconds: number): number {
  return heightFn(height) * uptimeFn(1) * (durationSeconds / SECONDS_PER_DAY) + POINTS_TOLERANCE;
}

function validate(row: unknown): { summary: SummaryRow; day: number } | string {
  if (!summaryRow.Check(row)) {
    for (const error of summaryRow.Errors(row)) return `${error.instancePath.slice(1) || 'row'} ${error.message}`;
    return 'does not match summaries(auth_address, date, payout_address, uptime, duration, height, points)';
  }
  const summary = row as SummaryRow;
  for (const field of ['auth_address', 'payout_address'] as const) {
    const check = checkAddress(summary[field]);
    if (!check.ok) return `${field} ${JSON.stringify(summary[field])}: ${check.detail}`;
  }
  const day = summaryDay(summary.date);
  if (typeof day === 'string') return day;
  const dateProblem = historyTimeProblem(day * MS_PER_DAY, Date.now());
  if (dateProblem !== null) return `date ${JSON.stringify(summary.date)} ${dateProblem}`;
  if (summary.uptime > summary.duration) return `uptime ${summary.uptime} s is longer than duration ${summary.duration} s`;
  if (summary.duration > SECONDS_PER_DAY) return `duration ${summary.duration} s is longer than a day`;
  const ceiling = pointsCeiling(summary.height, summary.duration);
  if (summary.points > ceiling) return `points ${summary.points} are more than the formula gives for this height and duration (at most ${Number(ceiling.toPrecision(6))})`;
  return { summary, day };
}

/**
 * The original's summary.db `summaries` → `imported_summaries` (one row per address and UTC day),
 * for days the raw history does not cover. Points are kept as the original computed them.
 */
export async function importSummaryDb(file: string, context: StepContext): Promise<void> {
  const { target } = context;
  const upsert = target.db.prepare(`
    INSERT INTO imported_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (address_id, day) DO UPDATE SET payout_id = excluded.payout_id, uptime_ms = excluded.uptime_ms,
      duration_ms = excluded.duration_ms, height = excluded.height, points = excluded.points
    WHERE excluded.payout_id IS NOT imported_summaries.payout_id OR excluded.uptime_ms <> imported_summaries.uptime_ms
       OR excluded.duration_ms <> imported_summaries.duration_ms OR excluded.height <> imported_summaries.height
       OR excluded.points <> imported_summaries.points`);
  const columns = 'auth_address, date, payout_address, uptime, duration, height, points';
  await importTableRows(file, 'summaries', columns, context, (row) => {
    const result = validate(row);
    if (typeof result === 'string') return result;
    const { summary, day } = result;
    const addressId = target.addresses.ensure(summary.auth_address);
    const payoutId = summary.payout_address === summary.auth_address ? addressId : target.addresses.ensure(summary.payout_address);
    return upsert.run(addressId, day, payoutId, Math.round(summary.uptime * 1000), Math.round(summary.duration * 1000), summary.height, summary.points).changes;
  });
}
