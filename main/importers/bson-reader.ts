import { deserialize, type Document } from 'bson';
import { describeError } from '../../shared/errors.js';
import type { TurnBudget } from '../scheduling/turn-budget.js';

/**
 * Reads a mongodump `.bson` file (documents back to back, each starting with its int32
 * little-endian length) from a stream, one document at a time, so a dump of any size needs
 * memory for one document only.
 */

/** The smallest BSON document: its length (4 bytes) and the terminating zero. */
const MIN_DOCUMENT_BYTES = 5;
/** MongoDB caps documents at 16 MiB; mongodump never writes more. Anything larger is a corrupt prefix. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 + 16 * 1024;

export interface BsonPosition {
  /** Index of the document in the file, from 0. */
  index: number;
  /** Byte offset of its length prefix. */
  offset: number;
}

export type BsonItem =
  /** `bytes` is a view valid until the next item is requested. */
  | (BsonPosition & { kind: 'document'; length: number; document: Document; bytes: Uint8Array })
  /** The length prefix was sound but the bytes are not a valid document: skipped, reading goes on. */
  | (BsonPosition & { kind: 'invalid'; length: number; reason: string })
  /** The file ends inside a document (an interrupted dump): reported, nothing after it exists. */
  | (BsonPosition & { kind: 'truncated'; reason: string })
  /** A length prefix that cannot be a document: the rest of the file cannot be framed. */
  | (BsonPosition & { kind: 'corrupt'; reason: string });

/**
 * A farmers document's list is left as raw sub-documents: one call deserializing 25,000 farmer
 * entries holds the event loop for 60–90 ms, so `expandFarmers` reads them a slice per turn.
 */
const DESERIALIZE_OPTIONS = { fieldsAsRaw: { farmers: true } };
/** Farmer entries deserialized between two looks at the turn's budget (about 10 ms). */
const FARMERS_PER_SLICE = 1_000;

/**
 * Deserializes the raw farmer entries `readBsonDocuments` left in `document.farmers`, in place,
 * giving the event loop a turn whenever `turn` is spent. Null when done; else why an entry is
 * not a valid document (the whole document is then as invalid as one that failed to deserialize).
 */
export async function expandFarmers(document: Document, turn: TurnBudget): Promise<string | null> {
  const farmers: unknown = document.farmers;
  if (Buffer.isBuffer(farmers)) return expandOne(document, 'farmers', farmers);
  if (!Array.isArray(farmers)) return null;
  for (let index = 0; index < farmers.length; index++) {
    const entry: unknown = farmers[index];
    if (Buffer.isBuffer(entry)) {
      const failure = expandOne(farmers, index, entry);
      if (failure !== null) return `farmers.${index}: ${failure}`;
    }
    if (index % FARMERS_PER_SLICE === FARMERS_PER_SLICE - 1) await turn.yieldWhenSpent();
  }
  return null;
}

/** Replaces `container[key]`, a raw sub-document, by its value; why it cannot be read, else null. */
function expandOne(container: Document | unknown[], key: string | number, raw: Buffer): string | null {
  try {
    (container as Record<string | number, unknown>)[key] = deserialize(raw);
    return null;
  } catch (error) {
    return describeError(error);
  }
}

/** Joins incoming chunks lazily: a document is copied out only when it spans chunks. */
class ChunkQueue {
  private chunks: Buffer[] = [];
  private head = 0;
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  readInt32(): number {
    const first = this.chunks[0]!;
    if (first.length - this.head >= 4) return first.readInt32LE(this.head);
    return this.peek(4).readInt32LE(0);
  }

  /** The next `count` bytes without consuming them (a view when they sit in one chunk). */
  peek(count: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length - this.head >= count) return first.subarray(this.head, this.head + count);
    const out = Buffer.allocUnsafe(count);
    let written = 0;
    for (let i = 0; written < count; i++) {
      const chunk = this.chunks[i]!;
      const start = i === 0 ? this.head : 0;
      const take = Math.min(count - written, chunk.length - start);
      chunk.copy(out, written, start, start + take);
      written += take;
    }
    return out;
  }

  skip(count: number): void {
    this.length -= count;
    let remaining = count;
    while (remaining > 0) {
      const first = this.chunks[0]!;
      const available = first.length - this.head;
      if (available > remaining) {
        this.head += remaining;
        return;
      }
      remaining -= available;
      this.chunks.shift();
      this.head = 0;
    }
  }
}

/**
 * Yields every document of the stream with its position. `start` says where the stream begins
 * (for resuming: the caller opens the file at `start.offset`). A `farmers` list comes as raw
 * sub-documents, valid while the item is: pass the document to `expandFarmers` before asking for
 * the next one.
 */
export async function* readBsonDocuments(
  stream: AsyncIterable<Buffer>,
  start: BsonPosition = { index: 0, offset: 0 },
): AsyncGenerator<BsonItem> {
  const queue = new ChunkQueue();
  let { index, offset } = start;
  for await (const chunk of stream) {
    queue.push(chunk);
    while (queue.length >= 4) {
      const length = queue.readInt32();
      if (length < MIN_DOCUMENT_BYTES || length > MAX_DOCUMENT_BYTES) {
        yield {
          kind: 'corrupt',
          index,
          offset,
          reason: `length prefix ${length} is not a document length (${MIN_DOCUMENT_BYTES}..${MAX_DOCUMENT_BYTES} bytes); the rest of the file cannot be read`,
        };
        return;
      }
      if (queue.length < length) break;
      const bytes = queue.peek(length);
      let document: Document | null = null;
      let reason = '';
      try {
        document = deserialize(bytes, DESERIALIZE_OPTIONS);
      } catch (error) {
        reason = describeError(error);
      }
      yield document === null
        ? { kind: 'invalid', index, offset, length, reason }
        : { kind: 'document', index, offset, length, document, bytes };
      queue.skip(length);
      index++;
      offset += length;
    }
  }
  if (queue.length > 0) {
    const expected = queue.length >= 4 ? `; its length prefix says ${queue.readInt32()}` : '';
    yield {
      kind: 'truncated',
      index,
      offset,
      reason: `the file ends ${queue.length} bytes into a document${expected} (an interrupted dump?)`,
    };
  }
}
