import type { Collection, Filter } from 'mongodb';
import type { RawCursor } from '../raw-store.js';
import { keyOfId, timeOf, type StoredDocument } from './mongo-documents.js';

/**
 * Reading the two collections as one history. A scrape written by this app is a `farmers` and a
 * `totalStorage` document with the same time and the same `_id` (one per collection), read back
 * as one record; the original's two scrapers wrote separate documents (different ids and times),
 * which come back as snapshot-only and totals-only records. Records are ordered by (time, key);
 * the key is the `_id` (hex) of the record's document(s).
 */

export interface PairedRecord {
  time: number;
  key: string;
  farmers: StoredDocument | null;
  totals: StoredDocument | null;
}

export function compareCursor(a: RawCursor, b: RawCursor): number {
  return a.time - b.time || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Joins documents of equal time and `_id` into one record; every other document is a record alone. */
export function pairRecords(farmers: readonly StoredDocument[], totals: readonly StoredDocument[]): PairedRecord[] {
  const records = new Map<string, PairedRecord>();
  const add = (document: StoredDocument, part: 'farmers' | 'totals'): void => {
    const time = timeOf(document);
    if (time === null) return;
    const key = keyOfId(document._id);
    const identity = `${time}\u0000${key}`;
    let record = records.get(identity);
    if (record === undefined) {
      record = { time, key, farmers: null, totals: null };
      records.set(identity, record);
    }
    record[part] = document;
  };
  for (const document of farmers) add(document, 'farmers');
  for (const document of totals) add(document, 'totals');
  return [...records.values()].sort(compareCursor);
}

function timeFilter(from: number | null, inclusive: boolean): Filter<StoredDocument> {
  if (from === null) return { time: { $type: 'date' } };
  return { time: { $type: 'date', [inclusive ? '$gte' : '$gt']: new Date(from) } };
}

/**
 * Records strictly after `cursor`, oldest first, at most `limit`. Each collection is read in
 * (time, _id) order on its time index, `limit` documents at a time; the time where either read
 * stopped is then read whole, so a record is never split between two pages.
 */
export async function readRecordsAfter(
  farmers: Collection<StoredDocument>,
  totals: Collection<StoredDocument>,
  cursor: RawCursor | null,
  limit: number,
): Promise<PairedRecord[]> {
  if (limit <= 0) return [];
  let from = cursor?.time ?? null;
  let inclusive = true;
  for (;;) {
    const filter = timeFilter(from, inclusive);
    const read = (collection: Collection<StoredDocument>) => collection.find(filter).sort({ time: 1, _id: 1 }).limit(limit).toArray();
    const [farmersPage, totalsPage] = await Promise.all([read(farmers), read(totals)]);
    if (farmersPage.length === 0 && totalsPage.length === 0) return [];
    const lastTime = (page: StoredDocument[]): number => (page.length < limit ? Infinity : timeOf(page[page.length - 1]!)!);
    const cutoff = Math.min(lastTime(farmersPage), lastTime(totalsPage));
    let farmersDocuments = farmersPage;
    let totalsDocuments = totalsPage;
    if (cutoff !== Infinity) {
      const atCutoff = { time: new Date(cutoff) };
      const [farmersAtCutoff, totalsAtCutoff] = await Promise.all([
        farmers.find(atCutoff).toArray(),
        totals.find(atCutoff).toArray(),
      ]);
      farmersDocuments = [...farmersPage.filter((document) => timeOf(document)! < cutoff), ...farmersAtCutoff];
      totalsDocuments = [...totalsPage.filter((document) => timeOf(document)! < cutoff), ...totalsAtCutoff];
    }
    const records = pairRecords(farmersDocuments, totalsDocuments).filter(
      (record) => cursor === null || compareCursor(record, cursor) > 0,
    );
    if (records.length > 0 || cutoff === Infinity) return records.slice(0, limit);
    // Everything up to the cutoff was at or before the cursor: go on after it.
    from = cutoff;
    inclusive = false;
  }
}
