/**
 * What never reaches a log: secrets by key (pino's `redact` paths), credentials inside any text
 * (a `mongodb://user:password@host` in a driver's error message as much as in a field), and whole
 * file or response contents (long strings are cut).
 */

const SECRET_KEYS = ['password', 'passphrase', 'secret', 'token', 'accessToken', 'apiKey', 'authorization', 'cookie', 'botToken', 'hmacSecret', 'alertChannels'];

/** Keys censored at the top level and one object down, plus request headers. */
export const REDACTED_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

export const REDACTED = '[redacted]';

/**
 * The user-info part of any `scheme://user:password@…`, up to the token's last `@`, so a password
 * with an unescaped `@` or `/` is still covered. It never crosses a quote, a backslash or white
 * space, so in a JSON line it stays inside one string.
 */
const URI_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'<>\\]*@/gi;
/** Credentials passed as query parameters (`?password=…`, `&token=…`). */
const QUERY_SECRETS = /([?&](?:password|pass|pwd|secret|token|access_token|api_key|apikey)=)[^&\s"'<>\\]*/gi;

function maskCredentials(text: string): string {
  return text.replace(URI_CREDENTIALS, `$1${REDACTED}@`).replace(QUERY_SECRETS, `$1${REDACTED}`);
}

/** Longest string value a log line keeps; past it the value is cut and says how much was left out. */
const MAX_LOGGED_STRING = 4096;
/** Lines shorter than this cannot hold an over-long string and are passed through unparsed. */
const LONG_LINE = MAX_LOGGED_STRING + 256;

function shorten(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_LOGGED_STRING ? `${value.slice(0, MAX_LOGGED_STRING)}… [${value.length - MAX_LOGGED_STRING} more characters]` : value;
  }
  if (Array.isArray(value)) return value.map(shorten);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shorten(inner)]));
  }
  return value;
}

/** Cuts every over-long string in one serialized JSON line (a body or a file's contents logged by mistake). */
function capLongStrings(line: string): string {
  if (line.length <= LONG_LINE) return line;
  try {
    return `${JSON.stringify(shorten(JSON.parse(line)))}\n`;
  } catch {
    return `${line.slice(0, MAX_LOGGED_STRING)}… [${line.length - MAX_LOGGED_STRING} more characters]\n`;
  }
}

/** Everything a serialized line goes through before any destination sees it. */
export function sanitizeLine(line: string): string {
  return maskCredentials(capLongStrings(line));
}
