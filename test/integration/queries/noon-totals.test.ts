import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noonTotals } from '../../../main/queries/network-payload.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';

const DAY = 86_400_000;
const NOON = 12 * 3_600_000;
const WINDOW = 5 * 60_000;

/** The definition as one GROUP BY over every reading (what the query computed before it seeked). */
const REFERENCE_SQL = `SELECT MIN(time) AS time, total_tb AS total_TB, total_farmers FROM agg_series
  WHERE time % ${DAY} >= ${NOON} AND time % ${DAY} < ${NOON + WINDOW} GROUP BY time / ${DAY} ORDER BY 1`;

// Readings near the window's edges, spread over days with gaps, some sharing a time (seq 0, 1).
const offset = fc.oneof(
  fc.integer({ min: 0, max: DAY - 1 }),
  fc.integer({ min: NOON - 2, max: NOON + 2 }),
  fc.integer({ min: NOON + WINDOW - 2, max: NOON + WINDOW + 2 }),
);
const reading = fc.record({ day: fc.integer({ min: 0, max: 40 }), offset, seq: fc.integer({ min: 0, max: 1 }), tb: fc.integer({ min: 0, max: 1000 }), farmers: fc.nat(500) });

describe('noonTotals', () => {
  it('equals the first reading of each day inside 12:00–12:05 UTC, over random histories with gaps and ties', () => {
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 60 }), (readings) => {
        const db = openDatabase(':memory:');
        const insert = db.prepare('INSERT OR IGNORE INTO agg_series (time, seq, total_tb, total_farmers) VALUES (?, ?, ?, ?)');
        const base = Date.UTC(2015, 10, 1);
        for (const { day, offset: at, seq, tb, farmers } of readings) insert.run(base + day * DAY + at, seq, tb / 10, farmers);
        expect(noonTotals(db)).toEqual(db.prepare(REFERENCE_SQL).all());
        db.close();
      }),
      { numRuns: 200 },
    );
  });
});
