import { Double, EJSON, Int32, ObjectId, type Document } from 'bson';
import type { NewScrape } from '../raw-store.js';

/**
 * The original's raw collections (docs/data-model.md, "The original's MongoDB database"), written
 * exactly in their shapes so that the original's tools and ours can read one database.
 * `source_key` is the one addition: it makes an imported record unique, so importing it twice
 * adds nothing.
 */
export type FarmersDocument = {
  _id: ObjectId;
  time: Date;
  farmers: Array<{ btc_addr: string; payout_addr: string; last_seen: number; height: number }>;
  source_key?: string;
};

export type TotalStorageDocument = {
  _id: ObjectId;
  total_id: Int32;
  total_TB: Double;
  total_farmers: Int32;
  time: Date;
  source_key?: string;
};

/** A document as read back: nothing is assumed, every field is validated before use. */
export type StoredDocument = Document;

export function farmersDocumentOf(scrape: NewScrape): FarmersDocument | null {
  if (scrape.farmers === null) return null;
  return {
    _id: new ObjectId(),
    time: new Date(scrape.time),
    farmers: scrape.farmers.map((farmer) => ({
      btc_addr: farmer.btc_addr,
      payout_addr: farmer.payout_addr,
      last_seen: farmer.last_seen,
      height: farmer.height,
    })),
    ...(scrape.sourceKey !== undefined ? { source_key: scrape.sourceKey } : {}),
  };
}

/** Explicit BSON types: a whole-number total_TB must stay a double, as the original stored it. */
export function totalStorageDocumentOf(scrape: NewScrape): TotalStorageDocument | null {
  if (scrape.total === null) return null;
  return {
    _id: new ObjectId(),
    total_id: new Int32(scrape.total.id),
    total_TB: new Double(scrape.total.totalTB),
    total_farmers: new Int32(scrape.total.totalFarmers),
    time: new Date(scrape.time),
    ...(scrape.sourceKey !== undefined ? { source_key: scrape.sourceKey } : {}),
  };
}

/** Cursor key of a document: its ObjectId in hex (which sorts by creation), else its canonical EJSON. */
export function keyOfId(id: unknown): string {
  return id instanceof ObjectId ? id.toHexString() : EJSON.stringify(id, { relaxed: false });
}

export function timeOf(document: StoredDocument): number | null {
  const time: unknown = document.time;
  return time instanceof Date && !Number.isNaN(time.getTime()) ? time.getTime() : null;
}
