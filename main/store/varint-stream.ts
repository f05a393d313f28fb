/**
 * LEB128 varints of unsigned 32-bit values, written into a growing buffer and read back with
 * bounds checks. Signed values go through zigzag (`zigzag`/`unzigzag`) so small magnitudes of
 * either sign take one byte. All arithmetic is 32-bit, so any Int32 round-trips exactly.
 */

export const zigzag = (value: number): number => ((value << 1) ^ (value >> 31)) >>> 0;
export const unzigzag = (value: number): number => (value >>> 1) ^ -(value & 1);

export class VarintWriter {
  private buffer: Uint8Array;
  private offset = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Room for `count` more varints of up to five bytes each, so the loops below need no checks. */
  reserve(count: number): void {
    const needed = this.offset + count * 5;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.offset));
    this.buffer = grown;
  }

  /** Writes `value` as unsigned 32-bit; call `reserve` first. */
  write(value: number): void {
    let v = value >>> 0;
    const buffer = this.buffer;
    let offset = this.offset;
    while (v >= 0x80) {
      buffer[offset++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buffer[offset++] = v;
    this.offset = offset;
  }

  /** `reserve` + `write` for the odd header value. */
  put(value: number): void {
    this.reserve(1);
    this.write(value);
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.offset);
  }
}

export class VarintReader {
  /** Bytes read so far. */
  offset = 0;

  constructor(private readonly buffer: Uint8Array) {}

  /** The next unsigned 32-bit value; a varint running past the end or longer than five bytes is an error. */
  read(): number {
    const buffer = this.buffer;
    const end = buffer.length;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.offset >= end) throw new Error('snapshot is truncated');
      const byte = buffer[this.offset++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new Error('snapshot has a varint longer than five bytes');
  }

  /** A count that must fit what is left (each value takes at least one byte): a bad one fails before allocating. */
  readCount(what: string): number {
    const count = this.read();
    if (count > this.buffer.length - this.offset + 1) throw new Error(`snapshot ${what} count ${count} exceeds its data`);
    return count;
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}
