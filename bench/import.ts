/**
 * `npm run bench -- import [--totals N] [--scrapes N] [--farmers N] [--runs N] [--target name=value]`
 *
 * Import throughput of the original's mongodump files through the real importer (streaming BSON
 * reader, TypeBox + collector validation, batched writes to the SQLite raw store):
 * 1. totalStorage.bson with `--totals` readings (default 105,120: a year of 5-minute scrapes);
 * 2. farmers.bson with `--scrapes` snapshots (default 20) of `--farmers` farmers (default 25,000);
 * 3. importing the same files again (every record already present).
 * Each run imports all three into fresh stores. Throughput has no target (`--target` can set one);
 * the event loop the import shares with the API must never stall: delay p99 ≤ 50 ms, max ≤ 100 ms.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Double, Int32, ObjectId, serialize, type Document } from 'bson';
import { encodeAddress } from '../shared/address.js';
import { runImport } from '../test/support/run-import.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../main/store/sqlite/sqlite-raw-store.js';
import type { Benchmark } from './runner.js';
import type { Figure } from './targets.js';

const START = Date.UTC(2015, 10, 9);
const SCRAPE_MS = 300_000;

const figures: Figure[] = [
  { name: 'totals-docs-per-s', label: 'totalStorage.bson readings imported per second', unit: 'docs/s', better: 'higher' },
  { name: 'farmer-obs-per-s', label: 'farmers.bson farmer observations imported per second', unit: 'obs/s', better: 'higher' },
  { name: 'farmer-obs-per-cpu-s', label: 'the same per CPU-second', unit: 'obs/s', better: 'higher' },
  { name: 'reimport-docs-per-s', label: 'farmers.bson again, every record present, documents per second', unit: 'docs/s', better: 'higher' },
  { name: 'loop-p99-ms', label: 'event-loop delay p99 during the three imports', unit: 'ms', better: 'lower', target: 50 },
  { name: 'loop-max-ms', label: 'event-loop delay max during the three imports', unit: 'ms', better: 'lower', target: 100 },
];

async function writeDump(file: string, count: number, documentAt: (index: number) => Document): Promise<void> {
  const out = createWriteStream(file);
  for (let index = 0; index < count; index++) {
    if (!out.write(serialize(documentAt(index)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function address(index: number): string {
  const hash = new Uint8Array(20);
  new DataView(hash.buffer).setUint32(16, index + 1);
  hash[0] = 0x42;
  return encodeAddress(0x00, hash);
}

interface Measured {
  seconds: number;
  /** CPU time of this process (user + system): less at the mercy of a shared, loaded machine. */
  cpuSeconds: number;
  imported: number;
  skipped: number;
}

async function timeImport(dir: string, file: string, reimport: boolean): Promise<Measured> {
  const databaseFile = join(dir, `store-${Math.random().toString(36).slice(2)}.db`);
  const db = openDatabase(databaseFile);
  const store = new SqliteRawStore(db);
  const target = { store, db, addresses: store.addresses };
  try {
    if (reimport) await runImport(target, { kind: 'path', path: file });
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const progress = await runImport(target, { kind: 'path', path: file }, { restart: reimport });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (progress.state !== 'done' || progress.rejected > 0) throw new Error(`import ended ${progress.state}: ${progress.errors.join('; ')}`);
    return { seconds, cpuSeconds, imported: progress.imported, skipped: progress.skipped };
  } finally {
    db.close();
    rmSync(databaseFile, { force: true });
    rmSync(`${databaseFile}-wal`, { force: true });
    rmSync(`${databaseFile}-shm`, { force: true });
  }
}

/** Writes the two dump files once; every run imports them. */
async function open(args: string[]): Promise<{ run(): Promise<Record<string, number>>; close(): Promise<void> }> {
  const { values } = parseArgs({
    args,
    options: {
      totals: { type: 'string', default: '105120' },
      scrapes: { type: 'string', default: '20' },
      farmers: { type: 'string', default: '25000' },
    },
  });
  const totals = Number(values.totals);
  const scrapes = Number(values.scrapes);
  const farmerCount = Number(values.farmers);
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const totalsFile = join(dir, 'totalStorage.bson');
  const farmersFile = join(dir, 'farmers.bson');
  await writeDump(totalsFile, totals, (index) => ({
    _id: new ObjectId(),
    total_TB: new Double(1400 + (index % 1000) / 10),
    total_id: new Int32(Math.floor((START + index * SCRAPE_MS) / 1_800_000)),
    total_farmers: new Int32(300 + (index % 50)),
    time: new Date(START + index * SCRAPE_MS),
  }));
  const addresses = Array.from({ length: farmerCount }, (_, index) => address(index));
  await writeDump(farmersFile, scrapes, (index) => ({
    _id: new ObjectId(),
    time: new Date(START + index * SCRAPE_MS),
    farmers: addresses.map((btc, farmer) => ({ btc_addr: btc, payout_addr: btc, last_seen: (farmer + index) % 300, height: (farmer * 7 + index) % 20_000 })),
  }));
  const mib = (file: string): string => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `each run imports totalStorage.bson (${totals.toLocaleString('en')} readings, ${mib(totalsFile)}), farmers.bson ` +
      `(${scrapes} snapshots × ${farmerCount.toLocaleString('en')} farmers, ${mib(farmersFile)}) and farmers.bson again, into fresh stores`,
  );
  return {
    async run() {
      // The import runs on the event loop the API and the dashboard share: how long does it hold it?
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const totalsRun = await timeImport(dir, totalsFile, false);
      const farmersRun = await timeImport(dir, farmersFile, false);
      const again = await timeImport(dir, farmersFile, true);
      loop.disable();
      const observations = scrapes * farmerCount;
      return {
        'totals-docs-per-s': totals / totalsRun.seconds,
        'farmer-obs-per-s': observations / farmersRun.seconds,
        'farmer-obs-per-cpu-s': observations / farmersRun.cpuSeconds,
        'reimport-docs-per-s': scrapes / again.seconds,
        'loop-p99-ms': loop.percentile(99) / 1e6,
        'loop-max-ms': loop.max / 1e6,
      };
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

export const benchmark: Benchmark = { title: 'import benchmark', figures, open };
