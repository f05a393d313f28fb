import { ObjectId } from 'bson';
import fc from 'fast-check';
import type { Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { StoredDocument } from '../../../main/store/mongodb/mongo-documents.js';
import { pairRecords, readRecordsAfter, type PairedRecord } from '../../../main/store/mongodb/mongo-read.js';
import type { RawCursor } from '../../../main/store/raw-store.js';

/**
 * The paging algorithm of the MongoDB store, against an in-memory stand-in that answers exactly
 * the queries it makes (time filters, (time, _id) order, limit). No server runs here; the
 * contract suite checks the real thing when MONGODB_URL is set.
 */
type TimeFilter = { time?: Date | { $type: 'date'; $gte?: Date; $gt?: Date } };

function collectionOf(documents: StoredDocument[]): Collection<StoredDocument> {
  const matches = (document: StoredDocument, filter: TimeFilter): boolean => {
    const time = document.time as Date;
    if (filter.time === undefined) return true;
    if (filter.time instanceof Date) return time.getTime() === filter.time.getTime();
    if (filter.time.$gte !== undefined && time < filter.time.$gte) return false;
    if (filter.time.$gt !== undefined && time <= filter.time.$gt) return false;
    return true;
  };
  const ordered = (list: StoredDocument[]): StoredDocument[] =>
    [...list].sort((a, b) => (a.time as Date).getTime() - (b.time as Date).getTime() || (a._id as ObjectId).toHexString().localeCompare((b._id as ObjectId).toHexString()));
  const find = (filter: TimeFilter) => {
    let limit = Infinity;
    const cursor = {
      sort: () => cursor,
      limit: (count: number) => {
        limit = count;
        return cursor;
      },
      toArray: async () => ordered(documents.filter((document) => matches(document, filter))).slice(0, limit),
    };
    return cursor;
  };
  return { find } as unknown as Collection<StoredDocument>;
}

async function readAllPages(farmers: Collection<StoredDocument>, totals: Collection<StoredDocument>, pageSize: number): Promise<PairedRecord[]> {
  const all: PairedRecord[] = [];
  let cursor: RawCursor | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await readRecordsAfter(farmers, totals, cursor, pageSize);
    if (page.length === 0) return all;
    expect(page.length).toBeLessThanOrEqual(pageSize);
    all.push(...page);
    cursor = { time: page[page.length - 1]!.time, key: page[page.length - 1]!.key };
  }
  throw new Error('paging did not end');
}

const history = fc.array(
  fc.record({ minute: fc.integer({ min: 0, max: 6 }), parts: fc.constantFrom('both', 'farmers', 'totals') }),
  { maxLength: 40 },
);

describe('readRecordsAfter (MongoDB store paging)', () => {
  it('pages through every record exactly once, in order, whatever the page size and however many share a time', async () => {
    await fc.assert(
      fc.asyncProperty(history, fc.integer({ min: 1, max: 9 }), async (scrapes, pageSize) => {
        const farmers: StoredDocument[] = [];
        const totals: StoredDocument[] = [];
        for (const { minute, parts } of scrapes) {
          const _id = new ObjectId();
          const time = new Date(Date.UTC(2026, 0, 1, 0, minute));
          if (parts !== 'totals') farmers.push({ _id, time, farmers: [] });
          if (parts !== 'farmers') totals.push({ _id, time, total_TB: 1 });
        }
        const expected = pairRecords(farmers, totals);
        expect(expected).toHaveLength(scrapes.length);
        const paged = await readAllPages(collectionOf(farmers), collectionOf(totals), pageSize);
        expect(paged.map((record) => [record.time, record.key, record.farmers !== null, record.totals !== null])).toEqual(
          expected.map((record) => [record.time, record.key, record.farmers !== null, record.totals !== null]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
