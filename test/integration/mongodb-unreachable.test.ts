import { createServer, type Server } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { MongoRawStore } from '../../main/store/mongodb/mongo-raw-store.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { runImport } from '../support/run-import.js';
import { PayloadValidator } from '../../main/collector/validate-payload.js';

/** A port on 127.0.0.1 where nothing answers: a listener opened and closed again. */
let closedPort = 0;
beforeAll(async () => {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('MongoDB that cannot be reached', () => {
  it('refuses to open the raw store with an unavailable error that hides the password', async () => {
    const db = openDatabase(':memory:');
    const attempt = MongoRawStore.connect({ uri: `mongodb://reader:secret@127.0.0.1:${closedPort}/GroupB`, serverSelectionTimeoutMs: 300, farmerValidator: new PayloadValidator() }, db);
    await expect(attempt).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining(`mongodb://127.0.0.1:${closedPort}/GroupB`) });
    await expect(attempt).rejects.not.toMatchObject({ message: expect.stringContaining('secret') });
    db.close();
  });

  it('ends an import from it as failed, saying why, with nothing written', async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteRawStore(db);
    const progress = await runImport({ store, db, addresses: store.addresses }, { kind: 'mongodb', uri: `mongodb://127.0.0.1:${closedPort}/?serverSelectionTimeoutMS=300` });
    expect(progress.state).toBe('failed');
    expect(progress.errors[0]).toMatch(new RegExp(`cannot reach mongodb://127\\.0\\.0\\.1:${closedPort}`));
    expect((await store.counts()).scrapes).toBe(0);
    db.close();
  });
});
