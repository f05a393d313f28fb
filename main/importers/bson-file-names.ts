import { basename } from 'node:path';
import type { OriginalCollection } from '../store/mongodb/original-documents.js';

/*
 * What a mongodump file's name says, apart from the reader: planning an import looks at names
 * before anything is read, without loading bson.
 */

const BSON_NAME = /\.bson(\.gz)?$/i;

/** Whether a file name is a mongodump collection file: `.bson`, or `.bson.gz` from `mongodump --gzip`. */
export function isBsonFileName(file: string): boolean {
  return BSON_NAME.test(file);
}

/** `farmers.bson` / `totalStorage.bson` by name; other names are judged document by document. */
export function collectionFromFileName(file: string): OriginalCollection | null {
  const name = basename(file).replace(BSON_NAME, '');
  if (name === 'farmers') return 'farmers';
  if (name === 'totalStorage') return 'totalStorage';
  return null;
}
