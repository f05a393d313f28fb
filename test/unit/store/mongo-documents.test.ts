import { Double, Int32, deserialize, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { PayloadValidator } from '../../../main/collector/validate-payload.js';
import { farmersDocumentOf, totalStorageDocumentOf } from '../../../main/store/mongodb/mongo-documents.js';
import { OriginalDocumentConverter } from '../../../main/store/mongodb/original-documents.js';
import type { NewScrape } from '../../../main/store/raw-store.js';
import { farmerAddress } from '../../support/import-fixtures.js';

const scrape: NewScrape = {
  time: Date.UTC(2015, 10, 9, 6, 11, 28, 468),
  durationMs: 40,
  source: 'collector',
  farmers: [{ btc_addr: farmerAddress(1), payout_addr: farmerAddress(2), last_seen: 12, height: 1500 }],
  total: { id: 803926, totalTB: 1500, totalFarmers: 1 },
  rejected: 0,
  duplicates: 0,
  rejections: [],
};

describe("the MongoDB store's documents", () => {
  it("are the original's shapes with the original's BSON types, even for a whole-number total_TB", () => {
    const totals = deserialize(serialize(totalStorageDocumentOf(scrape)!), { promoteValues: false });
    expect(Object.keys(totals).sort()).toEqual(['_id', 'time', 'total_TB', 'total_farmers', 'total_id']);
    expect(totals.total_TB).toBeInstanceOf(Double);
    expect(totals.total_id).toBeInstanceOf(Int32);
    expect(totals.total_farmers).toBeInstanceOf(Int32);
    expect((totals.time as Date).getTime()).toBe(scrape.time);
    const farmers = deserialize(serialize(farmersDocumentOf(scrape)!));
    expect(Object.keys(farmers).sort()).toEqual(['_id', 'farmers', 'time']);
    expect(farmers.farmers).toEqual([{ btc_addr: farmerAddress(1), payout_addr: farmerAddress(2), last_seen: 12, height: 1500 }]);
  });

  it('carry the source key of an imported record, and read back as the record written', () => {
    const imported = { ...scrape, source: 'import' as const, sourceKey: 'farmers:abc' };
    const converter = new OriginalDocumentConverter(new PayloadValidator());
    const farmers = deserialize(serialize(farmersDocumentOf(imported)!));
    expect(farmers.source_key).toBe('farmers:abc');
    const readFarmers = converter.convert('farmers', farmers, 'key');
    expect(readFarmers.ok && readFarmers.scrape.farmers).toEqual(scrape.farmers);
    const readTotals = converter.convert('totalStorage', deserialize(serialize(totalStorageDocumentOf(imported)!)), 'key');
    expect(readTotals.ok && readTotals.scrape.total).toEqual(scrape.total);
    expect(readTotals.ok && readTotals.scrape.time).toBe(scrape.time);
  });
});
