import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared/model/import.js';
import { ImportRunner } from '../../../main/importers/import-runner.js';
import { bsonDump, scratchDir, sqliteTarget, totalStorageDocument, writeFile, type TestTarget } from '../../support/import-fixtures.js';

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

describe('ImportRunner', () => {
  it('runs one import at a time, refuses a second start with a conflict, and reports the end', async () => {
    const file = writeFile(join(scratch.dir, 'totalStorage.bson'), bsonDump(Array.from({ length: 3_000 }, (_, i) => totalStorageDocument(i))));
    const finished: ImportProgress[] = [];
    const events: ImportProgress[] = [];
    const runner = new ImportRunner(target, { onProgress: (progress) => events.push(progress), onFinished: (progress) => finished.push(progress) });
    const started = runner.start({ kind: 'path', path: file });
    expect(started).toMatchObject({ state: 'running', source: file, imported: 0 });
    expect(() => runner.start({ kind: 'path', path: file })).toThrow(expect.objectContaining({ code: 'conflict' }));
    await runner.stop();
    expect(finished).toHaveLength(1);
    expect(finished[0]!.id).toBe(started.id);
    expect(runner.status()).toEqual(finished[0]);
    expect(events.every((event) => event.id === started.id)).toBe(true);
    // Once the first has ended, a new import may start.
    const second = runner.start({ kind: 'path', path: file });
    expect(second.id).not.toBe(started.id);
    await runner.stop();
  });

  it('cancels by id and keeps what was written; unknown ids are not found', async () => {
    const file = writeFile(join(scratch.dir, 'totalStorage.bson'), bsonDump(Array.from({ length: 6_000 }, (_, i) => totalStorageDocument(i))));
    const runner = new ImportRunner(target);
    await expect(runner.cancel('nope')).rejects.toMatchObject({ code: 'not_found' });
    const started = runner.start({ kind: 'path', path: file });
    const final = await runner.cancel(started.id);
    expect(final.state).toBe('cancelled');
    expect((await target.store.counts()).scrapes).toBe(final.imported);
    expect(await runner.cancel(started.id)).toEqual(final);
  });

  it('refuses a request it cannot plan before starting anything', () => {
    const runner = new ImportRunner(target);
    expect(() => runner.start({ kind: 'path', path: join(scratch.dir, 'missing.bson') })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(runner.status()).toBeNull();
  });
});
