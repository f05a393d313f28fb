import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { checkAddress } from '../../shared/address.js';
import { historyTimeProblem } from '../../shared/history-bounds.js';
import type { StepContext } from './import-context.js';
import { importTableRows } from './sqlite-table-import.js';

/** Epoch seconds beyond this (year 5138) cannot be the original's dates; milliseconds would land here. */
const MAX_EPOCH_SECONDS = 1e11;
/** Float dust from the original's REAL arithmetic must not reject a row. */
const TOLERANCE_SECONDS = 1e-3;

/** network.db `farmers`: dates in epoch seconds (REAL), uptime in seconds. */
const NetworkFarmerRowSchema = Type.Object({
  rowid: Type.Integer(),
  address: Type.String(),
  first_date: Type.Number({ exclusiveMinimum: 0, maximum: MAX_EPOCH_SECONDS }),
  last_date: Type.Number({ exclusiveMinimum: 0, maximum: MAX_EPOCH_SECONDS }),
  uptime: Type.Number({ minimum: 0 }),
});
const networkFarmerRow = Compile(NetworkFarmerRowSchema);
type NetworkFarmerRow = { rowid: number; address: string; first_date: number; last_date: number; uptime: number };

const toMs = (seconds: number): number => Math.round(seconds * 1000);

function problemOf(row: unknown): string | null {
  if (!networkFarmerRow.Check(row)) {
    for (const error of networkFarmerRow.Errors(row)) return `${error.instancePath.slice(1) || 'row'} ${error.message}`;
    return 'does not match farmers(address, first_date, last_date, uptime)';
  }
  const farmer = row as NetworkFarmerRow;
  const address = checkAddress(farmer.address);
  if (!address.ok) return `address ${JSON.stringify(farmer.address)}: ${address.detail}`;
  for (const field of ['first_date', 'last_date'] as const) {
    const problem = historyTimeProblem(toMs(farmer[field]), Date.now());
    if (problem !== null) return `${field} ${farmer[field]} (${problem})`;
  }
  if (farmer.last_date < farmer.first_date) return `last_date ${farmer.last_date} is before first_date ${farmer.first_date}`;
  if (farmer.uptime > farmer.last_date - farmer.first_date + TOLERANCE_SECONDS) {
    return `uptime ${farmer.uptime} s is longer than last_date − first_date (${farmer.last_date - farmer.first_date} s)`;
  }
  return null;
}


/**
 * The original's network.db `farmers` table → `imported_farmers` (milliseconds, address ids): the
 * uptime history as of the file's last date, which the aggregates extend. A row already present
 * is replaced only by one that reaches a later last date (a newer network.db), so re-importing the
 * same file changes nothing.
 */
export async function importNetworkDb(file: string, context: StepContext): Promise<void> {
  const { target } = context;
  const upsert = target.db.prepare(`
    INSERT INTO imported_farmers (address_id, first_time, last_time, uptime_ms) VALUES (?, ?, ?, ?)
    ON CONFLICT (address_id) DO UPDATE SET first_time = excluded.first_time, last_time = excluded.last_time, uptime_ms = excluded.uptime_ms
    WHERE excluded.last_time > imported_farmers.last_time
       OR (excluded.last_time = imported_farmers.last_time
           AND (excluded.first_time <> imported_farmers.first_time OR excluded.uptime_ms <> imported_farmers.uptime_ms))`);
  await importTableRows(file, 'farmers', 'address, first_date, last_date, uptime', context, (row) => {
    const problem = problemOf(row);
    if (problem !== null) return problem;
    const farmer = row as NetworkFarmerRow;
    const id = target.addresses.ensure(farmer.address);
    return upsert.run(id, toMs(farmer.first_date), toMs(farmer.last_date), toMs(farmer.uptime)).changes;
  });
}
