/**
 * Zigzag LEB128 for integers up to 2^52 in magnitude, with arithmetic instead of 32-bit shifts:
 * the numbers of the checkpoint blobs (checkpoint-codec.ts, day-state-codec.ts).
 */
export class VarintWriter {
  private buffer: Uint8Array;
  private offset = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  write(value: number): void {
    if (!Number.isSafeInteger(value)) throw new Error(`checkpoint value ${value} is not a safe integer`);
    let rest = value >= 0 ? value * 2 : -value * 2 - 1;
    if (this.offset + 8 > this.buffer.length) this.grow();
    while (rest >= 0x80) {
      this.buffer[this.offset++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.offset++] = rest;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.offset);
  }

  private grow(): void {
    const bigger = new Uint8Array(this.buffer.length * 2);
    bigger.set(this.buffer);
    this.buffer = bigger;
  }
}

export class VarintReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  read(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new Error(`checkpoint ends inside a number at byte ${this.offset}`);
      const byte = this.bytes[this.offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  expectEnd(): void {
    if (this.offset !== this.bytes.length) throw new Error(`checkpoint has ${this.bytes.length - this.offset} bytes after its end`);
  }
}
