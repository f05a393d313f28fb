/** What one send attempt came to; a failure says exactly what happened, with every secret taken out. */
export type SendResult =
  | { ok: true }
  | {
      ok: false;
      error: string;
      /** The receiver's own "try again in" (HTTP 429 Retry-After, Telegram's retry_after), when it gave one. */
      retryAfterMs: number | null;
    };

export const SECRET_PLACEHOLDER = '[secret]';

/**
 * Takes every secret (and, for a URL that is itself a credential, its path and query) out of a
 * text before it reaches an error message, the delivery log or the log file.
 */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  const parts = secrets.flatMap((secret) => [secret, ...urlSecretParts(secret)]).filter((part) => part.length >= 4);
  // Longest first, so a URL is replaced whole before its path is.
  parts.sort((a, b) => b.length - a.length);
  return parts.reduce((result, part) => result.split(part).join(SECRET_PLACEHOLDER), text);
}

function urlSecretParts(value: string): string[] {
  try {
    const url = new URL(value);
    const path = `${url.pathname}${url.search}`;
    return path.length > 1 ? [path, encodeURI(path)] : [];
  } catch {
    return [];
  }
}

export function failed(error: string, secrets: readonly string[], retryAfterMs: number | null = null): SendResult {
  return { ok: false, error: withoutSecrets(error, secrets), retryAfterMs };
}
