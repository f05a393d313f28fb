import { createHash } from 'node:crypto';
import { EJSON, ObjectId, type Document } from 'bson';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { historyTimeProblem } from '../../../shared/history-bounds.js';
import type { FarmerEntry } from '../../../shared/model/dataserv.js';
import type { NewScrape, Rejection } from '../raw-store.js';

/**
 * The original's raw MongoDB documents (docs/data-model.md, "The original's MongoDB database")
 * and their conversion into raw-store records. One definition for the MongoDB raw store, the
 * mongodump importer and the live-database importer, so a document means the same wherever it
 * comes from.
 */

export type OriginalCollection = 'farmers' | 'totalStorage';

const ValidDate = Type.Refine(
  Type.Unsafe<Date>({}),
  (value) => value instanceof Date && !Number.isNaN(value.getTime()),
  () => 'must be a BSON date',
);

export const TotalStorageDocumentSchema = Type.Object({
  total_id: Type.Integer({ minimum: 0 }),
  total_TB: Type.Number({ minimum: 0 }),
  total_farmers: Type.Integer({ minimum: 0 }),
  time: ValidDate,
});

/** The envelope only: entries go through the collector's per-entry validation. */
export const FarmersDocumentSchema = Type.Object({
  time: ValidDate,
  farmers: Type.Array(Type.Unknown()),
});

const totalStorageDocument = Compile(TotalStorageDocumentSchema);
const farmersDocument = Compile(FarmersDocumentSchema);

/** A farmer list after entry validation: the valid entries, and what was dropped and why. */
export interface ValidatedFarmerList {
  farmers: FarmerEntry[];
  rejected: number;
  duplicates: number;
  rejections: Rejection[];
}

/**
 * Checks a document's farmer list entry by entry, as the collector checks a live answer. The
 * collector's `PayloadValidator` is the one implementation; it is passed in because the collector
 * sits above the store and the store must not import it.
 */
export interface FarmerListValidator {
  validateOnline(payload: { farmers: unknown[] }): ValidatedFarmerList;
}

export type Converted =
  | { ok: true; scrape: NewScrape; rejectedEntries: number; entryRejections: Rejection[] }
  | { ok: false; reason: string };

/**
 * A stable identity for the document: its `_id` when it has one (mongodump always writes it),
 * else a hash of its bytes, so that importing it again is recognised.
 */
export function sourceKeyOf(collection: OriginalCollection, document: Document, bytes?: Uint8Array): string {
  const id: unknown = document._id;
  if (id instanceof ObjectId) return `${collection}:${id.toHexString()}`;
  if (id !== undefined && id !== null) return `${collection}:${EJSON.stringify(id, { relaxed: false })}`;
  const hash = createHash('sha256');
  hash.update(bytes ?? EJSON.stringify(document, { relaxed: false }));
  return `${collection}:sha256:${hash.digest('hex')}`;
}

function firstError(errors: Iterable<{ instancePath: string; message: string }>): string {
  for (const error of errors) return `${error.instancePath || '/'} ${error.message}`;
  return 'does not match the schema';
}

/** Which collection a document of unknown origin (a `.bson` file with another name) belongs to. */
export function guessCollection(document: Document): OriginalCollection | null {
  if (Array.isArray(document.farmers)) return 'farmers';
  if ('total_TB' in document || 'total_farmers' in document) return 'totalStorage';
  return null;
}

/**
 * Converts one original document into a raw-store record, or says why it cannot be one.
 * Farmer entries are checked exactly as the collector checks a live answer; bad entries are
 * dropped and counted, the rest of the document is kept.
 */
export class OriginalDocumentConverter {
  /** `clock` is this machine's time in epoch ms: documents dated beyond it are refused. */
  constructor(
    private readonly validator: FarmerListValidator,
    private readonly clock: () => number = Date.now,
  ) {}

  convert(collection: OriginalCollection, document: Document, sourceKey: string): Converted {
    if (collection === 'totalStorage') {
      if (!totalStorageDocument.Check(document)) return { ok: false, reason: firstError(totalStorageDocument.Errors(document)) };
      const total = document as { total_id: number; total_TB: number; total_farmers: number; time: Date };
      const timeProblem = historyTimeProblem(total.time.getTime(), this.clock());
      if (timeProblem !== null) return { ok: false, reason: `/time ${timeProblem}` };
      return {
        ok: true,
        rejectedEntries: 0,
        entryRejections: [],
        scrape: {
          time: total.time.getTime(),
          durationMs: 0,
          source: 'import',
          sourceKey,
          farmers: null,
          total: { id: total.total_id, totalTB: total.total_TB, totalFarmers: total.total_farmers },
          rejected: 0,
          duplicates: 0,
          rejections: [],
        },
      };
    }
    if (!farmersDocument.Check(document)) return { ok: false, reason: firstError(farmersDocument.Errors(document)) };
    const { time, farmers } = document as { time: Date; farmers: unknown[] };
    const timeProblem = historyTimeProblem(time.getTime(), this.clock());
    if (timeProblem !== null) return { ok: false, reason: `/time ${timeProblem}` };
    const validated = this.validator.validateOnline({ farmers });
    return {
      ok: true,
      rejectedEntries: validated.rejected,
      entryRejections: validated.rejections,
      scrape: {
        time: time.getTime(),
        durationMs: 0,
        source: 'import',
        sourceKey,
        farmers: validated.farmers,
        total: null,
        rejected: validated.rejected,
        duplicates: validated.duplicates,
        rejections: validated.rejections,
      },
    };
  }
}
