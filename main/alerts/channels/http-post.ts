import { ALERT_ERROR_EXCERPT_CHARS } from '../../../shared/defaults.js';
import { describeError } from '../../../shared/errors.js';
import { failed, type SendResult } from './send-result.js';

/** How long one send may take, and the engine's stop, which abandons it. */
export interface SendLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpPost extends SendLimits {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Values to take out of any error text (tokens, credential URLs). */
  secrets: readonly string[];
}

/** Bytes of an answer read at most: enough for an error message, never a whole page of unbounded size. */
const MAX_ANSWER_BYTES = ALERT_ERROR_EXCERPT_CHARS * 4;

/**
 * POSTs once with a timeout and reads at most a short excerpt of the answer. Redirects are not
 * followed: a receiver URL that moved must be changed by the operator, not followed with the
 * payload (and its signature) to wherever a redirect points.
 */
export async function postHttp(request: HttpPost): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: request.signal === undefined ? AbortSignal.timeout(request.timeoutMs) : AbortSignal.any([AbortSignal.timeout(request.timeoutMs), request.signal]),
    });
  } catch (error) {
    return failed(describeFetchFailure(error, request.timeoutMs), request.secrets);
  }
  const excerpt = await readExcerpt(response);
  if (response.ok) return { ok: true };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  const moved = response.status >= 300 && response.status < 400 ? ' (redirects are not followed: set the new URL)' : '';
  return failed(`HTTP ${response.status} ${response.statusText}${moved}${excerpt === '' ? '' : `: ${excerpt}`}`, request.secrets, retryAfterMs);
}

/** The first bytes of an answer as one line of text; the rest is cancelled, not read. */
export async function readExcerpt(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A connection reset while reading an answer that already has its status: the status says enough.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > ALERT_ERROR_EXCERPT_CHARS ? `${text.slice(0, ALERT_ERROR_EXCERPT_CHARS)}…` : text;
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(date - now, 0) : null;
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s (timed out)`;
  if (error instanceof Error && error.name === 'AbortError') return 'abandoned: the engine is stopping';
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause === undefined) return describeError(error);
  // Trying every address of a name (IPv6 and IPv4) fails with an AggregateError that has no message of its own.
  const text = cause instanceof AggregateError && cause.message === '' ? cause.errors.map(describeError).join('; ') : describeError(cause);
  return `connection failed: ${text}`;
}
