import type { Collection, Filter } from 'mongodb';
import type { RawCursor } from '../raw-store.js';
import { keyOfId, timeOf, type StoredDocument } from './mongo-documents.js';

/**
 * Reading the two collections as one history. A scrape written by this app is a `farmers` and a
 * `totalStorage` document with the same time, read back as one record; the original's two
 * scrapers wrote at different times, so their documents come back as snapshot-only and
 * totals-only records. Records are ordered by (time, key); the key is the `_id` of the record's
 * farmers document, or of its totals document when it has none.
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

/** Pairs documents of equal time (i-th farmers with i-th totals, both in `_id` order). */
export function pairRecords(farmers: readonly StoredDocument[], totals: readonly StoredDocument[]): PairedRecord[] {
  const groups = new Map<number, { farmers: StoredDocument[]; totals: StoredDocument[] }>();
  const groupOf = (time: number) => {
    let group = groups.get(time);
    if (group === undefined) {
      group = { farmers: [], totals: [] };
      groups.set(time, group);
    }
    return group;
  };
  for (const document of farmers) {
    const time = timeOf(document);
    if (time !== null) groupOf(time).farmers.push(document);
  }
  for (const document of totals) {
    const time = timeOf(document);
    if (time !== null) groupOf(time).totals.push(document);
  }
  const records: PairedRecord[] = [];
  for (const [time, group] of groups) {
    const byId = (a: StoredDocument, b: StoredDocument): number => {
      const left = keyOfId(a._id);
      const right = keyOfId(b._id);
      return left < right ? -1 : left > right ? 1 : 0;
    };
    group.farmers.sort(byId);
    group.totals.sort(byId);
    const count = Math.max(group.farmers.length, group.totals.length);
    for (let i = 0; i < count; i++) {
      const farmersDocument = group.farmers[i] ?? null;
      const totalsDocument = group.totals[i] ?? null;
      records.push({ time, key: keyOfId((farmersDocument ?? totalsDocument)!._id), farmers: farmersDocument, totals: totalsDocument });
    }
  }
  return records.sort(compareCursor);
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
