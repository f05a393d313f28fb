import { describe, expect, it } from 'vitest';
import { ingestScrape } from '../../main/collector/ingest.js';
import { PayloadValidator } from '../../main/collector/validate-payload.js';
import { backfillHistory, planBackfill } from '../../main/simulator/demo-backfill.js';
import { SimulatedNetwork } from '../../main/simulator/network-model.js';
import { renderOnline, renderTotal } from '../../main/simulator/server.js';
import { openDatabase, type SqliteDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { dumpRawStore } from '../support/raw-store-dump.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The reference: each scrape rendered to the server's JSON and stored through the collector's ingest path. */
async function ingestFromJson(db: SqliteDatabase, network: SimulatedNetwork, times: readonly number[]): Promise<void> {
  const store = new SqliteRawStore(db);
  const validator = new PayloadValidator();
  for (const time of times) {
    const state = network.stateAt(time);
    await ingestScrape(store, { online: renderOnline(state), total: renderTotal(state) }, time, { validator });
  }
}

async function compare(farmers: number, days: number, turnBudgetMs: number, split?: number): Promise<void> {
  const times = planBackfill(NOW, null, days).times;
  const reference = openDatabase(':memory:');
  const direct = openDatabase(':memory:');
  try {
    await ingestFromJson(reference, new SimulatedNetwork({ farmers, seed: 'direct' }), times);
    const network = new SimulatedNetwork({ farmers, seed: 'direct' });
    const cut = split ?? times.length;
    // A backfill stopped part-way and resumed by a new store (a restart) must come out the same.
    expect(await backfillHistory(new SqliteRawStore(direct), network, { times: times.slice(0, cut) }, undefined, undefined, { turnBudgetMs })).toBe(cut);
    await backfillHistory(new SqliteRawStore(direct), network, { times: times.slice(cut) }, undefined, undefined, { turnBudgetMs });
    expect(dumpRawStore(direct)).toEqual(dumpRawStore(reference));
  } finally {
    reference.close();
    direct.close();
  }
}

describe('the demo backfill straight from the model', () => {
  it('stores exactly what the ingest path stores from the JSON: log rows, totals, snapshots and addresses', async () => {
    await compare(300, 2, 20);
  }, 60_000);

  it('stays the same when every turn is short (many batches, scrapes built across turns) and when resumed', async () => {
    await compare(300, 0.5, 0.05, 37);
  }, 60_000);

  it('stays the same when the first scrape brings thousands of new addresses, added ahead of it a slice at a time', async () => {
    await compare(3_000, 0.05, 2);
  }, 60_000);

  it('gives the event loop a turn within the budget, and a stop ends it between two whole batches', async () => {
    const db = openDatabase(':memory:');
    const times = planBackfill(NOW, null, 1).times;
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    let stop = false;
    const progress: number[] = [];
    const done = await backfillHistory(new SqliteRawStore(db), new SimulatedNetwork({ farmers: 2_000 }), { times }, (count) => {
      progress.push(count);
      if (count >= times.length / 2) stop = true;
    }, () => stop, { turnBudgetMs: 5 });
    clearInterval(ticker);
    expect(done).toBe(progress.at(-1));
    expect(done).toBeLessThan(times.length);
    expect(db.prepare('SELECT COUNT(*) FROM scrapes').pluck().get()).toBe(done);
    expect(db.prepare('SELECT COUNT(*) FROM snapshots').pluck().get()).toBe(done);
    // Batches of one or a few scrapes, each followed by a turn of the event loop.
    expect(progress.length).toBeGreaterThan(10);
    expect(turns).toBeGreaterThan(progress.length / 2);
    db.close();
  }, 60_000);
});
