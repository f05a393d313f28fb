import { MS_PER_DAY } from '../../shared/defaults.js';
import type { EventRules } from '../../shared/model/settings.js';
import { nodeEventId, type NodeEvent, type NodeEventKind } from '../../shared/model/node-events.js';
import type { SnapshotColumns } from '../store/raw-store.js';

/**
 * The per-address rules of docs/events.md, folded snapshot by snapshot (successful scrapes only:
 * a failed scrape never reaches here). Pure: no I/O, so the same code derives events live, in a
 * rebuild and in the backfill of a newly watched address, and tests can drive it directly.
 *
 * Like the aggregates' farmer rows, a node's state changes only when something happens to it: a
 * node listed by every scrape with the same height and payout, or missing from every scrape, has
 * nothing to write. That is why `lastSeen` is kept only while the node is missing (while listed it
 * is the previous snapshot's time) and why a run of misses stays open instead of growing.
 */

/** A run of successive snapshots that did not list the node: first and last such snapshot time (null: still missing). */
export type MissRun = [start: number, end: number | null];

export interface NodeState {
  /** First snapshot that listed the node; null: never listed (no rule applies yet). */
  firstSeen: number | null;
  /** Newest snapshot that listed it, kept while `misses` > 0. */
  lastSeen: number | null;
  /** Successive snapshots without it, counted up to 2 (two make it offline). */
  misses: number;
  online: boolean;
  height: number;
  /** Local address id of the payout address. */
  payout: number;
  /** The height growth is measured from: the first listing's, or the last height event's. */
  heightBase: number;
  /** Misses of the last 24 h, for the uptime rule. */
  runs: MissRun[];
  uptimeLow: boolean;
}

/** Snapshot times of the last 24 h and the newest snapshot time: what every node's uptime is measured against. */
export interface SnapshotWindow {
  lastTime: number | null;
  times: number[];
}

export const emptyNodeState = (): NodeState => ({
  firstSeen: null,
  lastSeen: null,
  misses: 0,
  online: false,
  height: 0,
  payout: 0,
  heightBase: 0,
  runs: [],
  uptimeLow: false,
});

export const emptyWindow = (): SnapshotWindow => ({ lastTime: null, times: [] });

/** A watched node as the fold holds it: its address, its local id once the dictionary has it, its state. */
export interface WatchedNode {
  address: string;
  id: number | null;
  state: NodeState;
  /** Changed since the last commit. */
  dirty: boolean;
}

/** Turns a payout id into its address for event details. */
export type AddressOf = (id: number) => string;

const UPTIME_WINDOW_MS = MS_PER_DAY;

/** Index of `id` in the sorted `ids`, or -1: a binary search, so a scrape costs log(farmers) per watched node. */
export function indexOfId(ids: Int32Array, id: number): number {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle]!;
    if (value === id) return middle;
    if (value < id) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** How many of the sorted `times` lie in [from, to]. */
function countBetween(times: readonly number[], from: number, to: number): number {
  return lowerBound(times, to + 1) - lowerBound(times, from);
}

function lowerBound(times: readonly number[], value: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Adds snapshot `time` to the window and drops times older than 24 h before it. */
export function advanceWindow(window: SnapshotWindow, time: number): void {
  window.times.push(time);
  const cutoff = time - UPTIME_WINDOW_MS;
  const stale = lowerBound(window.times, cutoff + 1);
  if (stale > 0) window.times.splice(0, stale);
  window.lastTime = time;
}

function event(kind: NodeEventKind, address: string, time: number, detail: NodeEvent['detail']): NodeEvent {
  return { id: nodeEventId(kind, address, time), time, kind, address, detail };
}

/**
 * One snapshot for one watched node. `window` must already include this snapshot and
 * `previousTime` is the snapshot before it (null: this is the first). Returns the node's events.
 */
export function foldNodeSnapshot(
  node: WatchedNode,
  snapshot: SnapshotColumns,
  time: number,
  previousTime: number | null,
  window: SnapshotWindow,
  rules: EventRules,
  addressOf: AddressOf,
): NodeEvent[] {
  const index = node.id === null ? -1 : indexOfId(snapshot.ids, node.id);
  const events: NodeEvent[] = [];
  if (index >= 0) listed(node, snapshot.heights[index]!, snapshot.payouts[index]!, time, previousTime, rules, addressOf, events);
  else if (node.state.firstSeen !== null) missing(node, time, previousTime, events);
  uptimeRule(node, time, window, rules, events);
  return events;
}

function listed(
  node: WatchedNode,
  height: number,
  payout: number,
  time: number,
  previousTime: number | null,
  rules: EventRules,
  addressOf: AddressOf,
  events: NodeEvent[],
): void {
  const state = node.state;
  const address = node.address;
  if (state.firstSeen === null) {
    node.state = { ...state, firstSeen: time, online: true, height, payout, heightBase: height };
    node.dirty = true;
    return;
  }
  if (state.misses > 0) {
    const open = state.runs.at(-1);
    // The run ends at the last snapshot that missed the node: the one before this.
    if (open !== undefined && open[1] === null) open[1] = previousTime;
    if (!state.online) events.push(event('online', address, time, { lastSeen: state.lastSeen, missedSince: open?.[0] ?? null }));
    state.misses = 0;
    state.lastSeen = null;
    state.online = true;
    node.dirty = true;
  }
  if (height < state.height) {
    events.push(event('height-dropped', address, time, { from: state.height, to: height }));
    state.heightBase = height;
    node.dirty = true;
  } else if (height - state.heightBase >= rules.heightGrowth) {
    events.push(event('height-grew', address, time, { from: state.heightBase, to: height }));
    state.heightBase = height;
    node.dirty = true;
  }
  if (height !== state.height) {
    state.height = height;
    node.dirty = true;
  }
  if (payout !== state.payout) {
    events.push(event('payout-changed', address, time, { from: addressOf(state.payout), to: addressOf(payout) }));
    state.payout = payout;
    node.dirty = true;
  }
}

function missing(node: WatchedNode, time: number, previousTime: number | null, events: NodeEvent[]): void {
  const state = node.state;
  if (state.misses === 0) {
    // Listed by the previous snapshot (misses = 0 means so): that was the last sighting.
    state.lastSeen = previousTime;
    state.runs.push([time, null]);
  }
  if (state.misses >= 2) return;
  state.misses += 1;
  node.dirty = true;
  if (state.misses === 2 && state.online) {
    state.online = false;
    events.push(event('offline', node.address, time, { lastSeen: state.lastSeen }));
  }
}

/**
 * Uptime over the last 24 h: the share of the snapshots in (time − 24 h, time] that listed the
 * node, judged once the node has been known for the whole window. One event per fall below the
 * threshold; it re-arms when the share is back at or above it.
 */
function uptimeRule(node: WatchedNode, time: number, window: SnapshotWindow, rules: EventRules, events: NodeEvent[]): void {
  const state = node.state;
  const from = time - UPTIME_WINDOW_MS + 1;
  const oldest = state.runs[0];
  if (oldest !== undefined && oldest[1] !== null && oldest[1] < from) {
    state.runs = state.runs.filter((run) => run[1] === null || run[1] >= from);
    node.dirty = true;
  }
  if (state.firstSeen === null || state.firstSeen > time - UPTIME_WINDOW_MS) return;
  if (state.runs.length === 0) {
    if (state.uptimeLow) {
      state.uptimeLow = false;
      node.dirty = true;
    }
    return;
  }
  const scrapes = countBetween(window.times, from, time);
  let missed = 0;
  for (const [start, end] of state.runs) missed += countBetween(window.times, Math.max(start, from), end ?? time);
  const listedScrapes = scrapes - missed;
  const percent = scrapes === 0 ? 100 : (100 * listedScrapes) / scrapes;
  const low = percent < rules.uptime24hBelowPercent;
  if (low && !state.uptimeLow) {
    events.push(
      event('uptime-low', node.address, time, {
        uptimePercent: Math.round(percent * 100) / 100,
        belowPercent: rules.uptime24hBelowPercent,
        scrapes,
        listed: listedScrapes,
      }),
    );
  }
  if (low !== state.uptimeLow) {
    state.uptimeLow = low;
    node.dirty = true;
  }
}
