import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../../main/collector/collector.js';
import { SPOIL_EVERY } from '../../../main/simulator/faults.js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

const FIXED_TIME = Date.UTC(2026, 2, 1, 12, 0, 0);

interface ScrapeRow {
  ok: number;
  farmers: number | null;
  rejected: number;
  duplicates: number;
  rejections: string | null;
  error_code: string | null;
  error_message: string | null;
  total_farmers: number | null;
  has_snapshot: number;
}

describe('collector against the simulator over real HTTP', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteRawStore;
  let simulator: Simulator;
  let collector: Collector;
  let expectedFarmers: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-collector-'));
    db = openDatabase(join(dir, 'driveshare.db'));
    store = new SqliteRawStore(db);
    // A fixed clock makes both endpoints answer from one state, so counts can be compared exactly.
    simulator = await startSimulator({ port: 0, farmers: 300, seed: 9, clock: () => FIXED_TIME });
    expectedFarmers = simulator.network.stateAt(FIXED_TIME).farmers.length;
    collector = new Collector({ store, source: simulator.url, timeoutMs: 1_000, maxBodyBytes: 512 * 1024 });
  });

  afterAll(async () => {
    await collector.stop();
    await simulator.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lastRow = (): ScrapeRow => db.prepare<[], ScrapeRow>('SELECT * FROM scrapes ORDER BY id DESC LIMIT 1').get()!;

  async function scrapeWith(faults: Parameters<Simulator['setFaults']>[0]): Promise<ScrapeRow> {
    simulator.setFaults(faults);
    const outcome = await collector.scrapeNow();
    expect(outcome).not.toBeNull();
    return lastRow();
  }

  it('stores a good scrape with the right counts, totals and snapshot', async () => {
    const row = await scrapeWith({});
    expect(row).toMatchObject({ ok: 1, farmers: expectedFarmers, rejected: 0, duplicates: 0, total_farmers: expectedFarmers, has_snapshot: 1 });
    const [stored] = store.readAfterSync(null, 1);
    const heights = new Map(simulator.network.stateAt(FIXED_TIME).farmers.map((farmer) => [farmer.btc_addr, farmer.height]));
    const snapshot = stored!.snapshot!;
    expect(snapshot.ids.length).toBe(expectedFarmers);
    snapshot.ids.forEach((id, index) => {
      expect(heights.get(store.addresses.addressOf(id)!)).toBe(snapshot.heights[index]);
    });
  });

  it.each([
    ['HTTP 500', { errorRate: 1 }, 'http_status', /HTTP 500/],
    ['a body that is not JSON', { malformed: 'not_json' as const }, 'not_json', /not JSON/],
    ['truncated JSON', { malformed: 'truncated' as const }, 'truncated', /ends early/],
    ['a payload of the wrong shape', { malformed: 'wrong_shape' as const }, 'wrong_shape', /expected \{"farmers": \[\.\.\.\]\}/],
    ['a connection reset mid-body', { malformed: 'reset' as const }, 'connection', /connection reset by the server/],
    ['a body over the size cap', { malformed: 'oversized' as const, oversizeBytes: 4 * 1024 * 1024 }, 'too_large', /524288-byte cap/],
    ['an answer slower than the timeout', { latencyMs: 1_500 }, 'timeout', /within 1 s/],
  ])('records %s as a failed scrape with reason %s', async (_name, faults, code, message) => {
    const row = await scrapeWith(faults);
    expect(row).toMatchObject({ ok: 0, error_code: code, has_snapshot: 0, farmers: null });
    expect(row.error_message).toMatch(message);
  });

  it.each([
    ['wrong types', 'wrong_types' as const, ['wrong type of height', 'wrong type of last_seen']],
    ['negative and huge heights', 'bad_heights' as const, ['height out of range']],
    ['invalid addresses', 'bad_addresses' as const, ['invalid btc_addr (bad checksum)', 'invalid btc_addr (invalid character)', 'invalid btc_addr (unsupported version)']],
  ])('keeps every valid entry when some have %s, counting the rest by reason', async (_name, malformed, reasons) => {
    const row = await scrapeWith({ malformed });
    const spoiled = Math.floor(expectedFarmers / SPOIL_EVERY);
    expect(row).toMatchObject({ ok: 1, farmers: expectedFarmers - spoiled, rejected: spoiled, duplicates: 0, has_snapshot: 1 });
    const rejections = JSON.parse(row.rejections!) as Array<{ reason: string; count: number; examples: string[] }>;
    expect(rejections.map((rejection) => rejection.reason).sort()).toEqual([...reasons].sort());
    expect(rejections.reduce((sum, rejection) => sum + rejection.count, 0)).toBe(spoiled);
    expect(rejections[0]!.examples[0]).toMatch(/^entry \d+: /);
  });

  it('resolves duplicated addresses and keeps one entry per farmer', async () => {
    const row = await scrapeWith({ malformed: 'duplicates' });
    expect(row).toMatchObject({ ok: 1, farmers: expectedFarmers, rejected: 0, duplicates: Math.floor(expectedFarmers / SPOIL_EVERY) });
  });

  it('stores an empty farmer list as a good scrape of zero farmers', async () => {
    const empty = await startSimulator({ port: 0, farmers: 0, seed: 1 });
    try {
      const emptyCollector = new Collector({ store, source: empty.url });
      const outcome = await emptyCollector.scrapeNow();
      expect(outcome).toMatchObject({ ok: true, farmers: 0 });
      expect(lastRow()).toMatchObject({ ok: 1, farmers: 0, total_farmers: 0, has_snapshot: 1 });
    } finally {
      await empty.close();
    }
  });

  it('records a server that is down as a connection failure', async () => {
    const gone = await startSimulator({ port: 0, farmers: 1 });
    await gone.close();
    const downCollector = new Collector({ store, source: gone.url, timeoutMs: 2_000 });
    const outcome = await downCollector.scrapeNow();
    expect(outcome).toMatchObject({ ok: false, errorCode: 'connection' });
    expect(lastRow().error_message).toMatch(/connection refused/);
  });

  it('still stores good scrapes after all those failures', async () => {
    const row = await scrapeWith({});
    expect(row).toMatchObject({ ok: 1, farmers: expectedFarmers });
    const counts = db.prepare<[], { ok: number; failed: number; orphans: number }>(
      `SELECT SUM(ok) AS ok, SUM(1 - ok) AS failed,
              (SELECT COUNT(*) FROM scrapes s WHERE s.has_snapshot = 1 AND NOT EXISTS (SELECT 1 FROM snapshots n WHERE n.scrape_id = s.id)) AS orphans
       FROM scrapes`,
    ).get()!;
    expect(counts).toMatchObject({ failed: 8, orphans: 0 });
  });
});

describe('collector loop', () => {
  it('keeps running through failures with backoff, and its scrapes never overlap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-loop-'));
    const db = openDatabase(join(dir, 'driveshare.db'));
    const store = new SqliteRawStore(db);
    const simulator = await startSimulator({ port: 0, farmers: 50, seed: 3, faults: { errorRate: 0.4, latencyMs: 30 } });
    // An interval shorter than a scrape would make overlaps likely if the loop allowed them.
    const collector = new Collector({ store, source: simulator.url, intervalMs: 5, backoffBaseMs: 5, backoffCapMs: 40 });
    const outcomes: boolean[] = [];
    collector.on('scrape', (outcome) => outcomes.push(outcome.ok));
    try {
      collector.start();
      await expect.poll(() => outcomes.filter((ok) => ok).length >= 4 && outcomes.some((ok) => !ok), { timeout: 20_000, interval: 50 }).toBe(true);
      await collector.stop();
      expect(collector.status().state).toBe('stopped');
      expect(simulator.peakConcurrency()).toBeLessThanOrEqual(2);
      const rows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM scrapes').get()!;
      expect(rows.n).toBe(outcomes.length);
    } finally {
      await collector.stop();
      await simulator.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('collector stop', () => {
  it('abandons a scrape still waiting for answers without recording anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-stop-'));
    const db = openDatabase(join(dir, 'driveshare.db'));
    const store = new SqliteRawStore(db);
    // Answers that would take ten minutes: if stop() waited for them, the test would time out.
    const simulator = await startSimulator({ port: 0, farmers: 20, seed: 3, faults: { latencyMs: 600_000 } });
    const collector = new Collector({ store, source: simulator.url, timeoutMs: 600_000 });
    try {
      collector.start();
      await expect.poll(() => simulator.requests()['/api/total'] ?? 0, { timeout: 20_000, interval: 10 }).toBe(1);
      await collector.stop();
      expect(collector.status()).toMatchObject({ state: 'stopped', scrapesOk: 0, scrapesFailed: 0, nextScrapeAt: null });
      expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM scrapes').get()!.n).toBe(0);
    } finally {
      await collector.stop();
      await simulator.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('collector reconfigured', () => {
  it('scrapes a new source right after the scrape of the old one that was running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-reconfigure-'));
    const db = openDatabase(join(dir, 'driveshare.db'));
    const store = new SqliteRawStore(db);
    const oldSource = await startSimulator({ port: 0, farmers: 10, seed: 1, faults: { latencyMs: 300 } });
    const newSource = await startSimulator({ port: 0, farmers: 10, seed: 2 });
    const collector = new Collector({ store, source: oldSource.url, intervalMs: 600_000 });
    try {
      collector.start();
      await expect.poll(() => oldSource.requests()['/api/total'] ?? 0, { timeout: 20_000, interval: 10 }).toBe(1);
      collector.configure({ source: newSource.url });
      await expect.poll(() => newSource.requests()['/api/total'] ?? 0, { timeout: 20_000, interval: 10 }).toBe(1);
      await expect.poll(() => collector.status().scrapesOk, { timeout: 20_000 }).toBe(2);
      expect(collector.status().source).toBe(newSource.url);
    } finally {
      await collector.stop();
      await oldSource.close();
      await newSource.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('collector whose store fails', () => {
  it('reports the scrape as failed with reason "store" and keeps trying', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-store-fails-'));
    const db = openDatabase(join(dir, 'driveshare.db'));
    const store = new SqliteRawStore(db);
    const simulator = await startSimulator({ port: 0, farmers: 10, seed: 4 });
    const collector = new Collector({ store, source: simulator.url, backoffBaseMs: 10, backoffCapMs: 20 });
    collector.on('error', () => undefined);
    const outcomes: Array<string | null> = [];
    collector.on('scrape', (outcome) => outcomes.push(outcome.errorCode));
    // The database going away (disk removed, file deleted) makes every store call throw.
    db.close();
    try {
      collector.start();
      await expect.poll(() => outcomes.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      await collector.stop();
      expect(outcomes.slice(0, 2)).toEqual(['store', 'store']);
      expect(collector.status()).toMatchObject({ scrapesOk: 0, scrapesFailed: outcomes.length, consecutiveFailures: outcomes.length });
      expect(collector.status().lastError?.errorMessage).toMatch(/could not be stored: .*not open/);
    } finally {
      await collector.stop();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
