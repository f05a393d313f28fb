import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { IMPORTED_HISTORY_VERSION_KEY } from '../../../main/store/sqlite/meta-keys.js';
import { planImport } from '../../../main/importers/run-import.js';
import { runImport } from '../../support/run-import.js';
import {
  bsonDump,
  farmerAddress,
  farmersDocument,
  interruptedAfterFirstBatch,
  scratchDir,
  sqliteTarget,
  totalStorageDocument,
  writeFile,
  type TestTarget,
} from '../../support/import-fixtures.js';

let scratch: ReturnType<typeof scratchDir>;
let target: TestTarget;

beforeEach(() => {
  scratch = scratchDir();
  target = sqliteTarget(join(scratch.dir, 'store.db'));
});

afterEach(() => {
  target.db.close();
  scratch.cleanup();
});

function mongodumpFolder(totals: number, farmerScrapes: number, farmersPerScrape: number): string {
  const folder = join(scratch.dir, 'dump', 'GroupB');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'totalStorage.bson'), bsonDump(Array.from({ length: totals }, (_, i) => totalStorageDocument(i))));
  writeFileSync(join(folder, 'farmers.bson'), bsonDump(Array.from({ length: farmerScrapes }, (_, i) => farmersDocument(i, farmersPerScrape))));
  writeFileSync(join(folder, 'totalStorage.metadata.json'), '{"options":{},"indexes":[{"v":1,"key":{"_id":1},"name":"_id_","ns":"GroupB.totalStorage"}]}');
  writeFileSync(join(folder, 'farmers.metadata.json'), '{"options":{},"indexes":[{"v":1,"key":{"_id":1},"name":"_id_","ns":"GroupB.farmers"}]}');
  return join(scratch.dir, 'dump');
}

const historyVersion = (): string | undefined =>
  target.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(IMPORTED_HISTORY_VERSION_KEY)?.value;

describe('importing a mongodump of the original collections', () => {
  it('refuses documents dated before 2009-01-03 or ahead of the clock, so one bad date never becomes the newest scrape', async () => {
    const file = writeFile(
      join(scratch.dir, 'farmers.bson'),
      bsonDump([
        farmersDocument(0, 2),
        farmersDocument(1, 2, { time: new Date(8.64e15) }),
        farmersDocument(2, 2, { time: new Date(Number.NaN) }),
        farmersDocument(3, 2, { time: new Date(Date.now() + 3 * 86_400_000) }),
        farmersDocument(4, 2),
      ]),
    );
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ state: 'done', imported: 2, rejected: 3 });
    expect(progress.errors).toEqual([
      expect.stringMatching(/document 1 .*\/time \+275760-09-13T00:00:00\.000Z is more than a day ahead of this machine's clock/),
      expect.stringMatching(/document 2 .*\/time 1970-01-01T00:00:00\.000Z is before 2009-01-03/),
      expect.stringMatching(/document 3 .*\/time .* is more than a day ahead of this machine's clock/),
    ]);
    const times = (await target.store.readAfter(null, 100)).map((record) => record.time);
    expect(Math.max(...times)).toBe(farmersDocument(4, 2).time.getTime());
  });

  it('stores every totals and farmers document as raw records in time order', async () => {
    const dump = mongodumpFolder(12, 6, 4);
    const progress = await runImport(target, { kind: 'path', path: dump });
    expect(progress).toMatchObject({ state: 'done', imported: 18, skipped: 0, rejected: 0, errors: [] });
    const records = await target.store.readAfter(null, 100);
    expect(records).toHaveLength(18);
    expect(records.filter((record) => record.total !== null)).toHaveLength(12);
    const snapshots = records.filter((record) => record.snapshot !== null);
    expect(snapshots).toHaveLength(6);
    expect(Array.from(snapshots[0]!.snapshot!.heights)).toEqual([1000, 1001, 1002, 1003]);
    expect(records.map((record) => record.time)).toEqual([...records.map((record) => record.time)].sort((a, b) => a - b));
    // The result names the stretch of history the dump brought.
    expect(progress.range).toEqual({ from: records[0]!.time, to: records.at(-1)!.time });
    expect(records[0]!.total).toEqual({ id: expect.any(Number), totalTB: 1500, totalFarmers: 300 });
    expect(target.addresses.idOf(farmerAddress(3))).toBeDefined();
    expect(historyVersion()).toBe('1');
  });

  it('adds nothing when the same dump is imported again, from its saved end or from the start', async () => {
    const dump = mongodumpFolder(30, 5, 3);
    const first = await runImport(target, { kind: 'path', path: dump });
    const before = await target.store.counts();
    const again = await runImport(target, { kind: 'path', path: dump });
    expect(again).toMatchObject({ state: 'done', imported: 0, rejected: 0 });
    const restarted = await runImport(target, { kind: 'path', path: dump }, { restart: true });
    expect(restarted).toMatchObject({ state: 'done', imported: 0, skipped: 35, rejected: 0 });
    // Records already present are still history the source holds: the range says where it is.
    expect(restarted.range).toEqual(first.range);
    expect(await target.store.counts()).toEqual(before);
    expect(historyVersion()).toBe('1');
  });

  it('rejects documents of the wrong shape with file, document index and byte offset, and keeps the rest', async () => {
    const documents = [
      totalStorageDocument(0),
      totalStorageDocument(1, { total_TB: 'lots' }),
      totalStorageDocument(2, { time: '2015-11-09' }),
      totalStorageDocument(3, { total_farmers: -1 }),
      totalStorageDocument(4),
    ];
    const file = writeFile(join(scratch.dir, 'totalStorage.bson'), bsonDump(documents));
    const offsetOf = (index: number): number => bsonDump(documents.slice(0, index)).length;
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ state: 'done', imported: 2, rejected: 3 });
    expect(progress.errors).toEqual([
      expect.stringMatching(new RegExp(`^totalStorage\\.bson document 1 \\(byte ${offsetOf(1)}\\): /total_TB must be number`)),
      expect.stringMatching(new RegExp(`^totalStorage\\.bson document 2 \\(byte ${offsetOf(2)}\\): /time must be a BSON date`)),
      expect.stringMatching(new RegExp(`^totalStorage\\.bson document 3 \\(byte ${offsetOf(3)}\\): /total_farmers`)),
    ]);
    expect((await target.store.counts()).scrapes).toBe(2);
  });

  it('drops bad farmer entries exactly as the collector does and keeps the document', async () => {
    const document = farmersDocument(0, 3);
    (document.farmers as Array<Record<string, unknown>>).push(
      { btc_addr: '1BadAddressXXXXXXXXXXXXXXXXXXXXXXX', payout_addr: farmerAddress(9), last_seen: 1, height: 5 },
      { btc_addr: farmerAddress(10), payout_addr: farmerAddress(10), last_seen: 1, height: 200_000 },
    );
    const file = writeFile(join(scratch.dir, 'farmers.bson'), bsonDump([document]));
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ state: 'done', imported: 1, rejected: 0 });
    expect(progress.errors).toHaveLength(2);
    expect(progress.errors.join('\n')).toMatch(/farmers\.bson document 0 \(byte 0\): dropped 1 farmer entry: invalid btc_addr/);
    expect(progress.errors.join('\n')).toMatch(/height out of range/);
    const [record] = await target.store.readAfter(null, 10);
    expect(record!.snapshot!.ids).toHaveLength(3);
  });

  it('reports a truncated dump and keeps every complete document before it', async () => {
    const dump = bsonDump(Array.from({ length: 10 }, (_, i) => totalStorageDocument(i)));
    const file = writeFile(join(scratch.dir, 'totalStorage.bson'), dump.subarray(0, dump.length - 10));
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ state: 'done', imported: 9, rejected: 1 });
    expect(progress.errors[0]).toMatch(/^totalStorage\.bson document 9 \(byte \d+\): the file ends \d+ bytes into a document/);
  });

  it('continues an interrupted import where it stopped, without reading the file from the start', async () => {
    const count = 5_000;
    const file = writeFile(join(scratch.dir, 'totalStorage.bson'), bsonDump(Array.from({ length: count }, (_, i) => totalStorageDocument(i))));
    const interrupted = interruptedAfterFirstBatch(target);
    const first = await runImport(interrupted.target, { kind: 'path', path: file }, { signal: interrupted.signal });
    expect(first.state).toBe('cancelled');
    expect(first.imported).toBeGreaterThan(0);
    expect(first.imported).toBeLessThan(count);
    const second = await runImport(target, { kind: 'path', path: file });
    expect(second.state).toBe('done');
    expect(first.imported + second.imported).toBe(count);
    expect(second.skipped).toBe(0);
    expect((await target.store.counts()).scrapes).toBe(count);
  });

  it('imports a mongodump --gzip folder and resumes a compressed file where it stopped', async () => {
    const folder = join(scratch.dir, 'GroupB');
    mkdirSync(folder);
    const count = 4_500;
    writeFileSync(join(folder, 'totalStorage.bson.gz'), gzipSync(bsonDump(Array.from({ length: count }, (_, i) => totalStorageDocument(i)))));
    writeFileSync(join(folder, 'farmers.bson.gz'), gzipSync(bsonDump([farmersDocument(0, 5)])));
    expect(planImport({ kind: 'path', path: folder }).steps.map((step) => step.kind === 'bson' && step.file.endsWith('.gz'))).toEqual([true, true]);
    const interrupted = interruptedAfterFirstBatch(target);
    const first = await runImport(interrupted.target, { kind: 'path', path: folder }, { signal: interrupted.signal });
    expect(first.state).toBe('cancelled');
    expect(first.imported).toBeLessThan(count);
    const second = await runImport(target, { kind: 'path', path: folder });
    expect(second).toMatchObject({ state: 'done', skipped: 0, rejected: 0 });
    expect(first.imported + second.imported).toBe(count + 1);
    const third = await runImport(target, { kind: 'path', path: folder });
    expect(third).toMatchObject({ state: 'done', imported: 0, skipped: 0 });
  });

  it('fails a damaged compressed file with its reason, keeping the batches stored before and telling the jobs', async () => {
    const compressed = gzipSync(bsonDump(Array.from({ length: 6_000 }, (_, i) => totalStorageDocument(i))));
    const file = writeFile(join(scratch.dir, 'totalStorage.bson.gz'), compressed.subarray(0, Math.floor(compressed.length * 0.8)));
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress.state).toBe('failed');
    expect(progress.errors[0]).toMatch(/^totalStorage\.bson\.gz: unexpected end of file/);
    expect(progress.imported).toBeGreaterThan(0);
    expect((await target.store.counts()).scrapes).toBe(progress.imported);
    expect(historyVersion()).toBe('1');
  });

  it('tells the collection of an unknown-named .bson file from each document', async () => {
    const file = writeFile(
      join(scratch.dir, 'export.bson'),
      bsonDump([totalStorageDocument(0), farmersDocument(1, 2), { something: 'else' }]),
    );
    const progress = await runImport(target, { kind: 'path', path: file });
    expect(progress).toMatchObject({ imported: 2, rejected: 1 });
    expect(progress.errors[0]).toMatch(/export\.bson document 2 .*neither a farmers document/);
  });

  it('refuses sources it cannot import with a clear error', () => {
    const text = writeFile(join(scratch.dir, 'notes.txt'), 'hello');
    expect(() => planImport({ kind: 'path', path: text })).toThrow(/not a source this app can import/);
    expect(() => planImport({ kind: 'path', path: join(scratch.dir, 'missing') })).toThrow(AppError);
    mkdirSync(join(scratch.dir, 'empty'));
    expect(() => planImport({ kind: 'path', path: join(scratch.dir, 'empty') })).toThrow(/nothing to import in this folder/);
    expect(() => planImport({ kind: 'path', path: '' })).toThrow(/invalid import request/);
  });
});
