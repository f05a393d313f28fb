/**
 * The wait before retrying after `failures` consecutive failed scrapes: min(cap, base × 2^(n−1)),
 * scaled by a random factor in [0.5, 1] ("equal jitter") so many collectors that failed together
 * do not retry together.
 */
export function retryDelayMs(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(30, Math.max(0, failures - 1));
  const delay = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(delay * (0.5 + random() * 0.5));
}
