import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import type { StepContext } from './import-context.js';
import type { ProgressTracker } from './progress-tracker.js';
import type { NewScrape } from '../store/raw-store.js';
import { collectionFromFileName } from './bson-file-names.js';
import { expandFarmers, readBsonDocuments, type BsonItem, type BsonPosition } from './bson-reader.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import { OriginalDocumentConverter, guessCollection, sourceKeyOf, type OriginalCollection } from '../store/mongodb/original-documents.js';
import { ScrapeBatchWriter } from './scrape-batch-writer.js';
import { NewAddressesAhead, addToBatch } from './new-addresses.js';
import { TURN_BUDGET_MS } from '../../shared/defaults.js';
import { TurnBudget } from '../scheduling/turn-budget.js';

const READ_CHUNK_BYTES = 1024 * 1024;

interface BsonMarker extends BsonPosition {
  size: number;
  mtimeMs: number;
  /** The whole file was read (for .gz files, whose end cannot be told from a byte offset). */
  complete?: boolean;
}

function isBsonMarker(value: unknown): value is BsonMarker {
  if (typeof value !== 'object' || value === null) return false;
  const marker = value as Record<string, unknown>;
  return ['index', 'offset', 'size', 'mtimeMs'].every((field) => typeof marker[field] === 'number');
}

/** Where an earlier run over this file stopped, when the file is unchanged since and can continue there. */
function resumePoint(saved: BsonMarker | null, stat: Stats, compressed: boolean): { position: BsonPosition; complete: boolean } {
  const resumable = saved !== null && saved.size === stat.size && saved.mtimeMs === stat.mtimeMs && (compressed || saved.offset <= stat.size);
  if (!resumable) return { position: { index: 0, offset: 0 }, complete: false };
  return { position: { index: saved.index, offset: saved.offset }, complete: saved.complete === true || (!compressed && saved.offset === stat.size) };
}

/**
 * One read document as the record to write, or null after reporting why it cannot be one.
 * Farmer entries dropped from a kept document are reported as problems, not rejections.
 */
function recordOf(
  item: Extract<BsonItem, { kind: 'document' | 'invalid' }>,
  where: string,
  fixedCollection: OriginalCollection | null,
  converter: OriginalDocumentConverter,
  tracker: ProgressTracker,
): NewScrape | null {
  if (item.kind === 'invalid') {
    tracker.reject(`${where}: not a valid BSON document: ${item.reason}`);
    return null;
  }
  const collection = fixedCollection ?? guessCollection(item.document);
  if (collection === null) {
    tracker.reject(`${where}: neither a farmers document {time, farmers} nor a totalStorage document {total_TB, total_farmers, ...}`);
    return null;
  }
  const converted = converter.convert(collection, item.document, sourceKeyOf(collection, item.document, item.bytes));
  if (!converted.ok) {
    tracker.reject(`${where}: ${converted.reason}`);
    return null;
  }
  for (const rejection of converted.entryRejections) {
    tracker.problem(`${where}: dropped ${rejection.count} farmer entr${rejection.count === 1 ? 'y' : 'ies'}: ${rejection.reason} (${rejection.examples[0] ?? ''})`);
  }
  return converted.scrape;
}

/**
 * Imports one mongodump `.bson` (or `--gzip` `.bson.gz`) file of the original's `farmers` or
 * `totalStorage` collection. Streams it, writes records in batches, and after each batch saves
 * the byte offset reached so an interrupted import continues from there (a plain file is opened
 * at that offset; a compressed one is read again from its start, skipping what was done). A
 * changed file (size or modification time) is read from the start; source keys keep that from
 * adding anything twice.
 */
export async function importBsonFile(file: string, context: StepContext): Promise<void> {
  const { target, state, tracker, signal } = context;
  const name = basename(file);
  const stat = statSync(file);
  const compressed = /\.gz$/i.test(file);
  const markerKey = `bson:${realpathSync(file)}`;
  let { position, complete } = resumePoint(context.restart ? null : state.read(markerKey, isBsonMarker), stat, compressed);
  const fixedCollection = collectionFromFileName(file);
  const validator = new PayloadValidator();
  const converter = new OriginalDocumentConverter(validator);
  const writer = new ScrapeBatchWriter(target.store);
  const ahead = new NewAddressesAhead(target);

  if (complete) {
    tracker.step(name, 'bytes', stat.size, stat.size);
    return;
  }
  const fileStream = createReadStream(file, { start: compressed ? 0 : position.offset, highWaterMark: READ_CHUNK_BYTES });
  // Progress counts bytes of the file on disk (compressed or not), the one total known up front.
  const bytesDone = (): number => (compressed ? fileStream.bytesRead : position.offset);
  tracker.step(name, 'bytes', stat.size, bytesDone());

  const flush = async (): Promise<void> => {
    const outcome = await writer.flush();
    tracker.count(outcome.inserted, outcome.skipped, outcome.span);
    state.write(markerKey, { ...position, size: stat.size, mtimeMs: stat.mtimeMs, complete } satisfies BsonMarker);
    tracker.advance(complete ? stat.size : bytesDone());
  };

  const source = compressed ? fileStream.pipe(createGunzip()) : fileStream;
  const skipBefore = compressed ? position.offset : 0;
  // A megabyte read holds thousands of small documents, all parsed before the next read: without
  // turns of its own the import would hold the event loop for hundreds of milliseconds at a time.
  const turn = new TurnBudget(TURN_BUDGET_MS);
  let stopped = false;
  try {
    for await (const item of readBsonDocuments(source, compressed ? { index: 0, offset: 0 } : position)) {
      if (item.offset < skipBefore) continue;
      const where = `${name} document ${item.index} (byte ${item.offset})`;
      if (item.kind === 'truncated' || item.kind === 'corrupt') {
        tracker.reject(`${where}: ${item.reason}`);
        stopped = true;
        break;
      }
      const unreadable = item.kind === 'document' ? await expandFarmers(item.document, turn) : null;
      if (item.kind === 'document' && unreadable === null) await validator.proveNewAddresses(item.document.farmers, turn);
      const record = recordOf(unreadable === null ? item : { ...item, kind: 'invalid', reason: unreadable }, where, fixedCollection, converter, tracker);
      position = { index: item.index + 1, offset: item.offset + item.length };
      if (record !== null) await addToBatch(record, writer, ahead, turn, flush);
      tracker.advance(bytesDone());
      await turn.yieldWhenSpent();
      if (signal?.aborted) {
        stopped = true;
        break;
      }
    }
    complete = !stopped;
  } finally {
    source.destroy();
    fileStream.destroy();
  }
  await flush();
}
