import { MongoBulkWriteError, MongoServerError, type Collection } from 'mongodb';
import type { StoredDocument } from './mongo-documents.js';

const DUPLICATE_KEY = 11000;

/** A write refused by a unique index: here, a record whose source key is already stored. */
export const isDuplicateKey = (error: unknown): boolean => error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/**
 * Inserts documents in one unordered round trip; a duplicate source key skips only its own
 * document. Returns the positions that were duplicates; any other write error is thrown.
 */
export async function insertManySkippingDuplicates(collection: Collection<StoredDocument>, documents: readonly StoredDocument[]): Promise<Set<number>> {
  const duplicates = new Set<number>();
  if (documents.length === 0) return duplicates;
  try {
    await collection.insertMany([...documents], { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
    for (const writeError of writeErrors) duplicates.add(writeError.index);
  }
  return duplicates;
}
