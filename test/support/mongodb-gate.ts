import { MongoClient } from 'mongodb';
import { describe, it } from 'vitest';
import { describeError } from '../../shared/errors.js';
import { redactMongoUri } from '../../main/store/mongodb/mongo-uri.js';

/** How long the probe waits for a server: a refused port fails at once, a dropped one takes this. */
const PROBE_TIMEOUT_MS = 3_000;

export type MongoGate =
  | { state: 'unset' }
  | { state: 'unreachable'; url: string; message: string }
  | { state: 'ready'; url: string };

/** Pings the server in `url` once; the verdict says why it cannot be used. */
async function probe(url: string): Promise<MongoGate> {
  let client: MongoClient | null = null;
  try {
    client = await MongoClient.connect(url, { serverSelectionTimeoutMS: PROBE_TIMEOUT_MS, connectTimeoutMS: PROBE_TIMEOUT_MS });
    await client.db('admin').command({ ping: 1 });
    return { state: 'ready', url };
  } catch (error) {
    return { state: 'unreachable', url, message: `MONGODB_URL is set but no MongoDB answers at ${redactMongoUri(url)}: ${describeError(error)}` };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/**
 * The gate of the tests that need a MongoDB server, decided once per file before any test runs:
 * - MONGODB_URL unset: the file says once that its MongoDB half is skipped and why;
 * - set, but no server answers: one failing test says so, and the MongoDB tests are not even
 *   registered, so no hook runs against a connection that never opened (no secondary errors);
 * - set and answering: the MongoDB tests run.
 */
export async function mongoGate(env: NodeJS.ProcessEnv = process.env): Promise<MongoGate> {
  const url = env.MONGODB_URL ?? '';
  return url === '' ? { state: 'unset' } : probe(url);
}

/** `describe` for a MongoDB half: runs `body` with the server's URL only when the gate is open. */
export function describeWithMongo(gate: MongoGate, name: string, body: (url: string) => void): void {
  if (gate.state === 'unset') {
    console.log(`${name}: SKIPPED because MONGODB_URL is not set (set it to run them, e.g. MONGODB_URL=mongodb://127.0.0.1:27017)`);
    // Registered as skipped, so the report lists what did not run; a skipped suite runs no hook.
    describe.skip(name, () => body(''));
    return;
  }
  if (gate.state === 'unreachable') {
    describe(name, () => {
      it('reaches the MongoDB server in MONGODB_URL', () => {
        throw new Error(gate.message);
      });
    });
    return;
  }
  describe(name, () => body(gate.url));
}
