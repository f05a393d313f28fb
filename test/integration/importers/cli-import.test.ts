import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared/model/import.js';
import { bsonDump, scratchDir, totalStorageDocument, writeFile } from '../../support/import-fixtures.js';
import { cli } from '../../support/cli.js';



let scratch: ReturnType<typeof scratchDir>;
beforeEach(() => {
  scratch = scratchDir();
});
afterEach(() => scratch.cleanup());

describe('driveshare-graph import', () => {
  it('imports a dump into the data directory and adds nothing the second time', async () => {
    const documents = Array.from({ length: 50 }, (_, i) => totalStorageDocument(i));
    documents.push(totalStorageDocument(50, { total_TB: 'n/a' }));
    const file = writeFile(join(scratch.dir, 'totalStorage.bson'), bsonDump(documents));
    const data = join(scratch.dir, 'data');
    const first = await cli('import', file, '--data', data, '--json');
    expect(first.code).toBe(0);
    const progress = JSON.parse(first.stdout) as ImportProgress;
    expect(progress).toMatchObject({ state: 'done', imported: 50, rejected: 1 });
    expect(progress.errors[0]).toMatch(/^totalStorage\.bson document 50 \(byte \d+\): \/total_TB must be number/);
    const again = await cli('import', file, '--data', data, '--restart');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/done: 0 added, 50 already present, 1 rejected/);
  });

  it('exits with status 1 and a clear message for a source it cannot import', async () => {
    const result = await cli('import', join(scratch.dir, 'nothing-here.bson'), '--data', join(scratch.dir, 'data'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing-here\.bson: no such file or folder/);
  });
});
