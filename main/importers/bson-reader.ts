import { deserialize, type Document } from 'bson';
import { describeError } from '../../shared/errors.js';

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
 * (for resuming: the caller opens the file at `start.offset`).
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
        document = deserialize(bytes);
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
