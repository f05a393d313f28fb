import type { NodeEvent } from '../../shared/model/node-events.js';
import type { EventRules } from '../../shared/model/settings.js';
import type { RawCursor, RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { EventDerivation, NOTHING_STORED, emptyDerivationHeader, newWatchedNode, type HeartbeatCounts } from './event-derivation.js';
import { WatchedIds } from './event-tables.js';
import type { WatchedNode } from './node-rules.js';

/** Records read per call while backfilling: a few snapshots, so memory stays bounded. */
const BACKFILL_READ = 16;

function isAfter(cursor: RawCursor, through: RawCursor): boolean {
  return cursor.time > through.time || (cursor.time === through.time && cursor.key > through.key);
}

export interface Backfill {
  nodes: Map<string, WatchedNode>;
  events: NodeEvent[];
  heartbeat: HeartbeatCounts;
}

/**
 * The past of newly watched addresses: the node rules run over every stored record up to
 * `through` (the fold's committed marker) for these addresses alone, exactly as the live fold
 * would have run them, so the result equals a rebuild. Nothing of it is announced. Null when
 * `signal` aborted it (the engine is stopping): nothing was written, the next start does it again.
 */
export async function backfillNodes(
  db: SqliteDatabase,
  store: RawStore,
  addresses: readonly string[],
  rules: EventRules,
  through: RawCursor | null,
  signal?: AbortSignal,
): Promise<Backfill | null> {
  const nodes = new Map(addresses.map((address) => [address, newWatchedNode(address)]));
  const derivation = new EventDerivation(emptyDerivationHeader(rules, NOTHING_STORED), nodes);
  const ids = new WatchedIds(db);
  let cursor: RawCursor | null = null;
  while (through !== null && addresses.length > 0) {
    if (signal?.aborted) return null;
    const records = await store.readAfter(cursor, BACKFILL_READ);
    if (records.length === 0) break;
    ids.resolve(nodes);
    const within = records.filter((record) => !isAfter(record.cursor, through));
    for (const record of within) derivation.foldRecord(record, ids.addressOf);
    if (within.length < records.length) break;
    cursor = records.at(-1)!.cursor;
  }
  const batch = derivation.takeBatch();
  return { nodes, events: batch.events, heartbeat: batch.heartbeat };
}
