import { EJSON } from 'bson';
import type { Collection } from 'mongodb';
import type { StoredDocument } from './mongo-documents.js';

/**
 * Questions about the whole shared history, asked of both collections: what was inserted since a
 * mark, and how many records there are.
 */

/** A mark is the newest `_id` of each collection, as canonical EJSON `[farmers, totals]`. */
function parseMark(mark: string | null): [unknown, unknown] | null {
  if (mark === null) return null;
  try {
    const value: unknown = EJSON.parse(mark, { relaxed: false });
    return Array.isArray(value) && value.length === 2 ? [value[0] ?? null, value[1] ?? null] : null;
  } catch {
    return null;
  }
}

function markOf(ids: readonly [unknown, unknown]): string | null {
  return ids[0] === null && ids[1] === null ? null : EJSON.stringify(ids, { relaxed: false });
}

async function newestId(collection: Collection<StoredDocument>): Promise<unknown> {
  const newest = await collection.find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).next();
  return newest?._id ?? null;
}

/** Earliest time and newest `_id` among the documents after `after` in `_id` order (all when null). */
async function scanAfter(collection: Collection<StoredDocument>, after: unknown): Promise<{ earliest: Date | null; last: unknown } | null> {
  const [row] = await collection
    .aggregate<{ earliest: Date | null; last: unknown }>([
      { $match: after === null ? {} : { _id: { $gt: after } } },
      { $group: { _id: null, earliest: { $min: '$time' }, last: { $max: '$_id' } } },
    ])
    .toArray();
  return row ?? null;
}

/**
 * `RawStore.earliestInsertedSince` over both collections, in `_id` order (ObjectIds grow with
 * their writer's clock, so this is insertion order up to clock skew between writers).
 */
export async function earliestInsertedSince(
  farmers: Collection<StoredDocument>,
  totals: Collection<StoredDocument>,
  mark: string | null,
): Promise<{ earliestTime: number | null; mark: string | null }> {
  const previous = parseMark(mark);
  if (previous === null) {
    // The first mark only needs the newest ids: two lookups on the _id index, not a scan.
    const ids = await Promise.all([newestId(farmers), newestId(totals)]);
    return { earliestTime: null, mark: markOf(ids) };
  }
  const [farmersRow, totalsRow] = await Promise.all([scanAfter(farmers, previous[0]), scanAfter(totals, previous[1])]);
  const next = markOf([farmersRow?.last ?? previous[0], totalsRow?.last ?? previous[1]]);
  const times = [farmersRow?.earliest, totalsRow?.earliest].filter((time): time is Date => time instanceof Date).map((time) => time.getTime());
  return { earliestTime: times.length === 0 ? null : Math.min(...times), mark: next ?? mark };
}

/** Records in the history: distinct (time, _id) over both collections, as reading pairs them. */
export async function countRecords(farmers: Collection<StoredDocument>, totals: Collection<StoredDocument>): Promise<number> {
  const [row] = await farmers
    .aggregate<{ count: number }>(
      [
        { $project: { time: 1 } },
        { $unionWith: { coll: totals.collectionName, pipeline: [{ $project: { time: 1 } }] } },
        { $group: { _id: { time: '$time', id: '$_id' } } },
        { $count: 'count' },
      ],
      { allowDiskUse: true },
    )
    .toArray();
  return row?.count ?? 0;
}
