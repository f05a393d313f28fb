/**
 * Stateless seeded randomness: every value the simulator needs is a hash of (seed, indices), so
 * the network's state at any time can be computed directly, without replaying history.
 */
function mix(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A 32-bit hash of up to four integers under a seed. */
export function hashOf(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return mix(seed ^ mix(a + mix(b + mix(c + mix(d + 0x9e3779b9)))));
}

/** A number in [0, 1) from the same inputs. */
export function unitOf(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return hashOf(seed, a, b, c, d) / 4_294_967_296;
}

/** A small sequential generator (mulberry32) for fault decisions, which are per request, not per time. */
export function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Turns a text seed (CLI `--seed abc`) or number into a 32-bit integer seed. */
export function seedOf(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed >>> 0;
  let h = 0x811c9dc5;
  for (const char of String(seed)) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
