import { Readable } from 'node:stream';
import { serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { expandFarmers, readBsonDocuments, type BsonItem } from '../../../main/importers/bson-reader.js';
import { TurnBudget } from '../../../main/scheduling/turn-budget.js';

function chunked(buffer: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += size) chunks.push(buffer.subarray(offset, offset + size));
  return Readable.from(chunks);
}

async function readAll(buffer: Buffer, chunkSize: number): Promise<BsonItem[]> {
  const items: BsonItem[] = [];
  for await (const item of readBsonDocuments(chunked(buffer, chunkSize))) items.push(item);
  return items;
}

const documents = [{ a: 1 }, { b: 'two', list: [1, 2, 3] }, { c: new Date(0), nested: { x: 1.5 } }];
const dump = Buffer.concat(documents.map((document) => serialize(document)));

describe('readBsonDocuments', () => {
  it.each([1, 3, 7, 4096])('frames every document with its index and byte offset when chunks are %i bytes', async (size) => {
    const items = await readAll(dump, size);
    expect(items.map((item) => item.kind)).toEqual(['document', 'document', 'document']);
    expect(items.map((item) => (item.kind === 'document' ? item.document : null))).toEqual(documents);
    const lengths = documents.map((document) => serialize(document).length);
    expect(items.map((item) => item.offset)).toEqual([0, lengths[0], lengths[0]! + lengths[1]!]);
    expect(items.map((item) => item.index)).toEqual([0, 1, 2]);
  });

  it('reports a truncated last document with its position and keeps the ones before it', async () => {
    const items = await readAll(dump.subarray(0, dump.length - 4), 5);
    expect(items.map((item) => item.kind)).toEqual(['document', 'document', 'truncated']);
    const last = items[2]!;
    expect(last.index).toBe(2);
    expect(last.offset).toBe(dump.length - serialize(documents[2]!).length);
    expect(last.kind === 'truncated' && last.reason).toMatch(/ends \d+ bytes into a document/);
  });

  it('skips a well-framed but malformed document and goes on with the next', async () => {
    const broken = Buffer.from(serialize(documents[1]!));
    broken[broken.length - 1] = 0x07; // a document must end with a zero byte
    const items = await readAll(Buffer.concat([serialize(documents[0]!), broken, serialize(documents[2]!)]), 16);
    expect(items.map((item) => item.kind)).toEqual(['document', 'invalid', 'document']);
    expect(items[1]!.kind === 'invalid' && items[1]!.reason.length).toBeGreaterThan(0);
    expect(items[2]!.kind === 'document' && items[2]!.document).toEqual(documents[2]);
  });

  it('stops at a length prefix that cannot frame a document', async () => {
    const garbage = Buffer.alloc(8);
    garbage.writeInt32LE(2, 0);
    const items = await readAll(Buffer.concat([serialize(documents[0]!), garbage]), 64);
    expect(items.map((item) => item.kind)).toEqual(['document', 'corrupt']);
    expect(items[1]!.offset).toBe(serialize(documents[0]!).length);
  });

  it('starts counting at the given position when resuming', async () => {
    const second = serialize(documents[1]!);
    const items: BsonItem[] = [];
    for await (const item of readBsonDocuments(Readable.from([Buffer.from(second)]), { index: 5, offset: 1000 })) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]!.index).toBe(5);
    expect(items[0]!.offset).toBe(1000);
  });

  describe('a farmers document', () => {
    const farmers = Array.from({ length: 2_500 }, (_, index) => ({ btc_addr: `1address${index}`, payout_addr: `1payout${index}`, height: index, last_seen: index % 7 }));
    const farmersDocument = { time: new Date(0), farmers };

    it('comes with its farmer list raw, read in slices that give the event loop turns in between', async () => {
      const [item] = await readAll(Buffer.from(serialize(farmersDocument)), 4096);
      expect(item!.kind === 'document' && Buffer.isBuffer(item!.document.farmers[0])).toBe(true);
      const document = item!.kind === 'document' ? item!.document : {};
      let turns = 0;
      let next: NodeJS.Immediate = setImmediate(function count() {
        turns++;
        next = setImmediate(count);
      });
      // A budget of nothing: every slice ends the turn.
      const failure = await expandFarmers(document, new TurnBudget(0));
      clearImmediate(next);
      expect(failure).toBeNull();
      expect(document).toEqual(farmersDocument);
      expect(turns).toBeGreaterThan(0);
    });

    it('is invalid as a whole when one farmer entry is not a readable document', async () => {
      const bytes = Buffer.from(serialize({ time: new Date(0), farmers: farmers.slice(0, 3) }));
      // The first entry's first element: its type byte, after the entry's length, becomes one no BSON type has.
      const entry = bytes.indexOf(Buffer.from('0\0', 'latin1')) + 2;
      bytes[entry + 4] = 0x20;
      const [item] = await readAll(bytes, 64);
      expect(item!.kind).toBe('document');
      const failure = await expandFarmers(item!.kind === 'document' ? item!.document : {}, new TurnBudget(20));
      expect(failure).toMatch(/^farmers\.0: /);
    });
  });
});
