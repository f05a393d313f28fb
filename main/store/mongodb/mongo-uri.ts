import { MS_PER_MINUTE, MS_PER_SECOND } from '../../../shared/defaults.js';

/** MongoDB connection strings: what this app reads from them and how it shows them. */

export function isMongoUri(value: string): boolean {
  return /^mongodb(\+srv)?:\/\//.test(value);
}

/** The URI without its user and password, for messages and saved markers. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1');
}

/** The database named in the URI's path (`mongodb://host/name`), if any. */
export function databaseInUri(uri: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** The driver's waits this app bounds; the driver's own defaults leave socket reads unbounded. */
export interface BoundedMongoTimeouts {
  serverSelectionTimeoutMS: number;
  connectTimeoutMS: number;
  socketTimeoutMS: number;
  waitQueueTimeoutMS: number;
}

/**
 * Default (when the URI gives none, or 0, which the driver reads as "wait forever") and ceiling
 * (a larger value is lowered to it) of each wait. A socket read covers one server round trip, so
 * its ceiling leaves room for a slow count or batch on a large collection.
 */
const TIMEOUT_BOUNDS: Record<keyof BoundedMongoTimeouts, { fallback: number; ceiling: number }> = {
  serverSelectionTimeoutMS: { fallback: 10 * MS_PER_SECOND, ceiling: MS_PER_MINUTE },
  connectTimeoutMS: { fallback: 10 * MS_PER_SECOND, ceiling: MS_PER_MINUTE },
  socketTimeoutMS: { fallback: 2 * MS_PER_MINUTE, ceiling: 5 * MS_PER_MINUTE },
  waitQueueTimeoutMS: { fallback: 30 * MS_PER_SECOND, ceiling: MS_PER_MINUTE },
};

/** The URI's query options, keys lower-cased (the driver reads them case-insensitively). */
function uriOptions(uri: string): Map<string, string> {
  const query = uri.split('?', 2)[1] ?? '';
  const options = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(query)) options.set(key.toLowerCase(), value);
  return options;
}

/**
 * Client options that give every network wait a ceiling: the URI's own timeouts where they are
 * positive and within bounds, else the bounds. Passed to `new MongoClient(uri, options)`, they
 * win over the URI's values, so `serverSelectionTimeoutMS=0` cannot make a connection wait forever.
 */
export function boundedTimeouts(uri: string): BoundedMongoTimeouts {
  const given = uriOptions(uri);
  const bound = (key: keyof BoundedMongoTimeouts): number => {
    const { fallback, ceiling } = TIMEOUT_BOUNDS[key];
    const value = Number(given.get(key.toLowerCase()));
    return Number.isFinite(value) && value > 0 ? Math.min(value, ceiling) : fallback;
  };
  return {
    serverSelectionTimeoutMS: bound('serverSelectionTimeoutMS'),
    connectTimeoutMS: bound('connectTimeoutMS'),
    socketTimeoutMS: bound('socketTimeoutMS'),
    waitQueueTimeoutMS: bound('waitQueueTimeoutMS'),
  };
}

/**
 * Closes `client` as soon as `signal` aborts, which fails whatever the client is waiting on
 * (server selection, a handshake, a cursor batch) at once. Returns the listener's removal.
 */
export function closeOnAbort(client: { close(): Promise<void> }, signal: AbortSignal | undefined): () => void {
  if (signal === undefined) return () => undefined;
  const close = (): void => {
    client.close().catch(() => undefined);
  };
  if (signal.aborted) {
    close();
    return () => undefined;
  }
  signal.addEventListener('abort', close, { once: true });
  return () => signal.removeEventListener('abort', close);
}
