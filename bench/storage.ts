/**
 * `npm run bench -- storage [--farmers N] [--scrapes N] [--keyframe-interval N] [--runs N] [--target name=value]`
 *
 * Raw history on disk (issue 14: a year at 25,000 farmers every 5 minutes in ≤ 1.5 GB), on the
 * simulator (steady) and on full churn (every height changes every scrape), `--scrapes` scrapes of
 * about `--farmers` farmers (default 288 of 25,000: a day):
 * 1. bytes per farmer observation on disk and the projected GB per year, written through the
 *    SQLite store (bench/storage-size.ts), with codec 1's bytes for the same snapshots;
 * 2. the CPU time to encode and decode one snapshot with codec 2 (a delta on the one before, read
 *    in order) and codec 1 (whole), and of a read at random (a keyframe and the deltas after it).
 *    CPU time, not wall time: on a shared machine wall time also counts waiting for a core.
 * Where the bytes go per column is printed once, before the runs.
 */
import { parseArgs } from 'node:util';
import type { SnapshotColumns } from '../main/store/raw-store.js';
import { SNAPSHOT_CODEC, decodeSnapshot, encodeSnapshot } from '../main/store/snapshot-codec.js';
import { decodeFrame, encodeDelta, encodeKeyframe, modelAfter } from '../main/store/snapshot-delta-codec.js';
import type { SnapshotModel } from '../main/store/snapshot-model.js';
import { SNAPSHOT_KEYFRAME_INTERVAL } from '../shared/defaults.js';
import { BenchUsageError, type Benchmark } from './runner.js';
import { columnBreakdown, simulatedScrapes, writeAndMeasure, type Churn, type DiskFigures } from './storage-size.js';
import { median, type Figure } from './targets.js';

const figures: Figure[] = [
  { name: 'steady-gb-per-year', label: 'simulator: raw history projected to a year at this farmer count, every 5 minutes', unit: 'GB', better: 'lower', target: 1.5 },
  { name: 'steady-bytes-per-obs', label: 'simulator: bytes on disk per farmer observation (whole file)', unit: 'B', better: 'lower' },
  { name: 'steady-snapshot-bytes-per-obs', label: 'simulator: codec-2 snapshot bytes per observation', unit: 'B', better: 'lower' },
  { name: 'steady-snapshot-page-bytes-per-obs', label: 'simulator: snapshot table pages per observation (blobs and page slack)', unit: 'B', better: 'lower' },
  { name: 'steady-codec1-bytes-per-obs', label: 'simulator: codec-1 bytes per observation, same snapshots', unit: 'B', better: 'lower' },
  { name: 'churn-gb-per-year', label: 'full churn: raw history projected to a year', unit: 'GB', better: 'lower', target: 1.5 },
  { name: 'churn-bytes-per-obs', label: 'full churn: bytes on disk per farmer observation (whole file)', unit: 'B', better: 'lower' },
  { name: 'churn-snapshot-bytes-per-obs', label: 'full churn: codec-2 snapshot bytes per observation', unit: 'B', better: 'lower' },
  { name: 'churn-snapshot-page-bytes-per-obs', label: 'full churn: snapshot table pages per observation', unit: 'B', better: 'lower' },
  { name: 'encode-ms', label: 'simulator: codec-2 encode of one snapshot (delta), CPU', unit: 'ms', better: 'lower' },
  { name: 'decode-ms', label: 'simulator: codec-2 decode of one snapshot read in order, CPU', unit: 'ms', better: 'lower' },
  { name: 'codec1-encode-ms', label: 'simulator: codec-1 encode of one snapshot, CPU', unit: 'ms', better: 'lower' },
  { name: 'codec1-decode-ms', label: 'simulator: codec-1 decode of one snapshot, CPU', unit: 'ms', better: 'lower' },
  { name: 'churn-encode-ms', label: 'full churn: codec-2 encode of one snapshot, CPU', unit: 'ms', better: 'lower' },
  { name: 'churn-decode-ms', label: 'full churn: codec-2 decode of one snapshot read in order, CPU', unit: 'ms', better: 'lower' },
  { name: 'random-read-ms', label: 'simulator: one snapshot at random (keyframe + interval − 1 deltas), CPU', unit: 'ms', better: 'lower' },
];

/** CPU milliseconds `work` takes (this process, all threads). */
function cpuMs(work: () => void): number {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

interface Dataset {
  columns: SnapshotColumns[];
  disk: DiskFigures;
  codec1BytesPerObservation: number;
}

function prepare(churn: Churn, farmers: number, scrapes: number, interval: number): Dataset {
  const { disk, columns } = writeAndMeasure(simulatedScrapes({ farmers, scrapes, churn }), interval);
  const codec1 = columns.reduce((sum, snapshot) => sum + encodeSnapshot(snapshot).length, 0);
  const breakdown = columnBreakdown(columns, interval);
  const b = (value: number): string => `${value.toFixed(3)} B`;
  console.log(
    `${churn}: codec 2 ${b(breakdown.total)} per observation = last_seen ${b(breakdown.lastSeen)} + heights ${b(breakdown.heights)} + payouts ${b(breakdown.payouts)} + ` +
      `ids, joiners and framing ${b(breakdown.idsAndRest)} + keyframes (1 in ${interval}) ${b(breakdown.keyframes)}; codec 1 ${b(codec1 / disk.observations)}`,
  );
  return { columns, disk, codec1BytesPerObservation: codec1 / disk.observations };
}

/** Median CPU ms per snapshot to encode the chain, and to decode it in order (one delta on the previous state each). */
function timeChain(columns: readonly SnapshotColumns[]): { encode: number; decode: number } {
  const encodeTimes: number[] = [];
  const decodeTimes: number[] = [];
  let state: SnapshotModel = modelAfter(null, columns[0]!);
  let decoded = decodeFrame(encodeKeyframe(state), null);
  for (let index = 1; index < columns.length; index++) {
    let delta: { data: Buffer; state: SnapshotModel } = { data: Buffer.alloc(0), state };
    encodeTimes.push(cpuMs(() => (delta = encodeDelta(index, state, columns[index]!))));
    decodeTimes.push(cpuMs(() => (decoded = decodeFrame(delta.data, { id: index, state: decoded }))));
    state = delta.state;
  }
  return { encode: median(encodeTimes), decode: median(decodeTimes) };
}

function timeCodecOne(columns: readonly SnapshotColumns[]): { encode: number; decode: number } {
  const encodeTimes: number[] = [];
  const decodeTimes: number[] = [];
  for (const snapshot of columns) {
    let data: Buffer = Buffer.alloc(0);
    encodeTimes.push(cpuMs(() => (data = encodeSnapshot(snapshot))));
    decodeTimes.push(cpuMs(() => decodeSnapshot(SNAPSHOT_CODEC, data)));
  }
  return { encode: median(encodeTimes), decode: median(decodeTimes) };
}

/** A read of the last row of a keyframe group from nothing: the keyframe and `interval − 1` deltas. */
function timeRandomRead(columns: readonly SnapshotColumns[], interval: number): number {
  const length = Math.min(interval, columns.length);
  let state = modelAfter(null, columns[0]!);
  const frames = [encodeKeyframe(state)];
  for (let index = 1; index < length; index++) {
    const delta = encodeDelta(index, state, columns[index]!);
    frames.push(delta.data);
    state = delta.state;
  }
  return cpuMs(() => {
    let decoded = decodeFrame(frames[0]!, null);
    for (let index = 1; index < frames.length; index++) decoded = decodeFrame(frames[index]!, { id: index, state: decoded });
  });
}

export const benchmark: Benchmark = {
  title: 'storage benchmark',
  figures,
  open(args) {
    const { values } = parseArgs({
      args,
      options: {
        farmers: { type: 'string', default: '25000' },
        scrapes: { type: 'string', default: '288' },
        'keyframe-interval': { type: 'string', default: String(SNAPSHOT_KEYFRAME_INTERVAL) },
      },
    });
    const farmers = Number(values.farmers);
    const scrapes = Number(values.scrapes);
    const interval = Number(values['keyframe-interval']);
    if (!Number.isInteger(farmers) || farmers < 1) throw new BenchUsageError(`--farmers ${values.farmers}: must be a whole number of at least 1`);
    if (!Number.isInteger(scrapes) || scrapes < 2) throw new BenchUsageError(`--scrapes ${values.scrapes}: must be a whole number of at least 2`);
    if (!Number.isInteger(interval) || interval < 1) throw new BenchUsageError(`--keyframe-interval ${values['keyframe-interval']}: must be a whole number of at least 1`);
    console.log(`${scrapes} scrapes of about ${farmers.toLocaleString('en-US')} farmers, steady and full churn, a keyframe every ${interval}`);
    const steady = prepare('steady', farmers, scrapes, interval);
    const churn = prepare('full-churn', farmers, scrapes, interval);
    const run = (): Promise<Record<string, number>> => {
      const steadyTimes = timeChain(steady.columns);
      const churnTimes = timeChain(churn.columns);
      const codecOne = timeCodecOne(steady.columns);
      return Promise.resolve({
        'steady-gb-per-year': steady.disk.projectedGBPerYear,
        'steady-bytes-per-obs': steady.disk.fileBytesPerObservation,
        'steady-snapshot-bytes-per-obs': steady.disk.snapshotBytesPerObservation,
        'steady-snapshot-page-bytes-per-obs': steady.disk.snapshotPageBytesPerObservation,
        'steady-codec1-bytes-per-obs': steady.codec1BytesPerObservation,
        'churn-gb-per-year': churn.disk.projectedGBPerYear,
        'churn-bytes-per-obs': churn.disk.fileBytesPerObservation,
        'churn-snapshot-bytes-per-obs': churn.disk.snapshotBytesPerObservation,
        'churn-snapshot-page-bytes-per-obs': churn.disk.snapshotPageBytesPerObservation,
        'encode-ms': steadyTimes.encode,
        'decode-ms': steadyTimes.decode,
        'codec1-encode-ms': codecOne.encode,
        'codec1-decode-ms': codecOne.decode,
        'churn-encode-ms': churnTimes.encode,
        'churn-decode-ms': churnTimes.decode,
        'random-read-ms': timeRandomRead(steady.columns, interval),
      });
    };
    return Promise.resolve({ run, close: () => Promise.resolve() });
  },
};
