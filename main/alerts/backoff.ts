import { ALERT_RETRY_BASE_MS, ALERT_RETRY_CAP_MS } from '../../shared/defaults.js';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_ALERT_BACKOFF: BackoffOptions = { baseMs: ALERT_RETRY_BASE_MS, capMs: ALERT_RETRY_CAP_MS };

/**
 * The wait before retry number `failures` (1 after the first failure): "full jitter", a uniformly
 * random delay from 0 up to base·2^(failures−1), capped. Spreading retries over the whole window
 * keeps many channels (or many installs) from hammering a receiver that comes back at the same
 * instant. `random` is injected so the schedule is reproducible in tests. A receiver that names its
 * own wait (HTTP 429 Retry-After, Telegram's retry_after) is never retried earlier than that.
 */
export function retryDelayMs(failures: number, random: () => number, retryAfterMs: number | null = null, options: BackoffOptions = DEFAULT_ALERT_BACKOFF): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const window = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * window);
  return retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
}
