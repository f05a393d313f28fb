/**
 * One GET of a JSON endpoint with a timeout and a size cap, failing with a stable code so the
 * scrape log can say exactly what went wrong.
 */
import { DEFAULT_TIMEOUT_SECONDS, MS_PER_SECOND } from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';

export type FetchFailureCode = 'connection' | 'timeout' | 'http_status' | 'not_json' | 'truncated' | 'wrong_shape' | 'too_large';

export const DEFAULT_TIMEOUT_MS = DEFAULT_TIMEOUT_SECONDS * MS_PER_SECOND;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export class FetchFailure extends Error {
  constructor(
    readonly code: FetchFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchFailure';
  }
}

export interface FetchJsonOptions {
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Aborts the request from outside (the collector stopping). */
  signal?: AbortSignal;
}

/** Reads the body chunk by chunk so an oversized answer is abandoned as soon as it passes the cap. */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchFailure('too_large', `${url}: body of ${declared} bytes exceeds the ${maxBytes}-byte cap`);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FetchFailure('too_large', `${url}: body exceeds the ${maxBytes}-byte cap`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** The first code along the cause chain (fetch wraps socket errors as `TypeError('fetch failed', { cause })`), else the deepest message. */
function describeCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  let message = describeError(error);
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return { code, message };
    if (current instanceof Error) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return { message };
}

function classifyTransportError(error: unknown, url: string, timeoutMs: number, external?: AbortSignal): FetchFailure {
  if (error instanceof FetchFailure) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return new FetchFailure('timeout', `${url}: no complete answer within ${timeoutMs / MS_PER_SECOND} s`);
  if (name === 'AbortError' && external?.aborted) return new FetchFailure('connection', `${url}: request cancelled`);
  const cause = describeCause(error);
  if (cause.code === 'UND_ERR_BODY_TIMEOUT' || cause.code === 'UND_ERR_HEADERS_TIMEOUT' || cause.code === 'ETIMEDOUT') {
    return new FetchFailure('timeout', `${url}: no complete answer within ${timeoutMs / MS_PER_SECOND} s`);
  }
  return new FetchFailure('connection', `${url}: ${describeConnectionCode(cause.code ?? cause.message)}`);
}

function describeConnectionCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the status server running?)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset by the server';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    default:
      return `connection failed (${code})`;
  }
}

/**
 * Tells JSON that stops early (the connection closed mid-body) from text that was never JSON:
 * V8 reports the first as "Unexpected end of JSON input" or as an error at the very last position.
 */
function isTruncation(text: string, error: unknown): boolean {
  const message = describeError(error);
  if (/Unexpected end of JSON input/i.test(message)) return true;
  const position = /at position (\d+)/.exec(message);
  return position !== null && Number(position[1]) >= text.trimEnd().length;
}

export function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') throw new FetchFailure('not_json', `${url}: empty body`);
    if (isTruncation(text, error)) {
      throw new FetchFailure('truncated', `${url}: JSON ends early after ${text.length} characters (connection cut or body truncated)`);
    }
    const message = describeError(error);
    throw new FetchFailure('not_json', `${url}: body is not JSON (${message.slice(0, 160)})`);
  }
}

/** A body and the answering server's clock (its HTTP `Date` header; null when absent or unreadable). */
export interface FetchedText {
  text: string;
  serverDate: number | null;
}

function serverDateOf(response: Response): number | null {
  const parsed = Date.parse(response.headers.get('date') ?? '');
  return Number.isFinite(parsed) ? parsed : null;
}

/** GETs `url` and returns the body text (JSON parsing is the caller's, so it can be timed and shared). */
export async function fetchText(url: string, options: FetchJsonOptions = {}): Promise<string> {
  return (await fetchAnswer(url, options)).text;
}

/** `fetchText` that also reads the server's clock, so the collector can notice a wrong one. */
export async function fetchAnswer(url: string, options: FetchJsonOptions = {}): Promise<FetchedText> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchFailure('http_status', `${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    return { text: await readCapped(response, url, maxBytes), serverDate: serverDateOf(response) };
  } catch (error) {
    if (timeout.aborted && !(error instanceof FetchFailure)) {
      throw new FetchFailure('timeout', `${url}: no complete answer within ${timeoutMs / MS_PER_SECOND} s`);
    }
    throw classifyTransportError(error, url, timeoutMs, options.signal);
  }
}

export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<unknown> {
  return parseJson(await fetchText(url, options), url);
}
