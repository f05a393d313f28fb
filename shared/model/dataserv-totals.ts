import { BYTES_PER_SHARD, BYTES_PER_TB, MS_PER_MINUTE } from '../defaults.js';

/**
 * The status server's numbers (docs/status-server-api.md): the height bound and how it totals.
 * Apart from the payload schemas (dataserv.ts), so the simulator's backfill thread computes totals
 * without loading the schema library.
 */
export const MAX_HEIGHT_EXCLUSIVE = 200_000;

/** The status server numbers its totals in half hours. */
const MINUTES_PER_TOTAL_ID = 30;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** Hundredths of a TiB per shard as a reduced fraction (25 / 2048), so sums stay exact integers. */
const HUNDREDTHS_DIVISOR = gcd(100 * BYTES_PER_SHARD, BYTES_PER_TB);
const HUNDREDTHS_NUMERATOR = (100 * BYTES_PER_SHARD) / HUNDREDTHS_DIVISOR;
const HUNDREDTHS_DENOMINATOR = BYTES_PER_TB / HUNDREDTHS_DIVISOR;

/**
 * `total_TB` exactly as the status server computes it: `round(total_shards * (BYTE_SIZE /
 * (1024 ** 4)), 2)` in Python 3. The product is exact in binary (a shard is 2⁻¹³ TiB) and Python
 * rounds that exact value to the nearest hundredth, a tie to the even hundredth; ties happen when
 * the sum is 1,024 modulo 2,048, and half-up would differ from it when the sum is 1,024 modulo 4,096.
 */
export function totalTerabytes(heightSum: number): number {
  const scaled = heightSum * HUNDREDTHS_NUMERATOR;
  if (!Number.isSafeInteger(scaled) || heightSum < 0) throw new RangeError(`height sum ${heightSum} is not a non-negative integer small enough to total exactly`);
  const whole = Math.floor(scaled / HUNDREDTHS_DENOMINATOR);
  const twiceRest = 2 * (scaled - whole * HUNDREDTHS_DENOMINATOR);
  const roundUp = twiceRest > HUNDREDTHS_DENOMINATOR || (twiceRest === HUNDREDTHS_DENOMINATOR && whole % 2 === 1);
  return (roundUp ? whole + 1 : whole) / 100;
}

/** `id` as the status server computes it: floor(minutes since the epoch / 30). */
export function totalId(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_MINUTE / MINUTES_PER_TOTAL_ID);
}
