import { nodeEventId, type NodeEvent } from '../../shared/model/node-events.js';

/**
 * The collector rules of docs/events.md over this machine's scrape log, attempt by attempt:
 * `collector-failing` once N attempts in a row failed, `collector-recovered` at the next
 * successful one. Pure, like the node rules.
 */
export interface CollectorState {
  /** Failed attempts since the last successful one. */
  failures: number;
  /** Time of the first of them. */
  failingSince: number | null;
  /** A `collector-failing` event was raised and no success has followed yet. */
  failing: boolean;
}

export const emptyCollectorState = (): CollectorState => ({ failures: 0, failingSince: null, failing: false });

/** One attempt of the scrape log: when, and whether it stored a scrape. */
export interface CollectorAttempt {
  time: number;
  ok: boolean;
}

export function foldCollectorAttempt(state: CollectorState, attempt: CollectorAttempt, failuresForEvent: number): NodeEvent[] {
  if (attempt.ok) {
    const recovered = state.failing;
    const detail = { failedScrapes: state.failures, failingSince: state.failingSince };
    state.failures = 0;
    state.failingSince = null;
    state.failing = false;
    return recovered ? [collectorEvent('collector-recovered', attempt.time, detail)] : [];
  }
  state.failures += 1;
  state.failingSince ??= attempt.time;
  if (state.failing || state.failures < failuresForEvent) return [];
  state.failing = true;
  return [collectorEvent('collector-failing', attempt.time, { failedScrapes: state.failures, failingSince: state.failingSince })];
}

function collectorEvent(kind: 'collector-failing' | 'collector-recovered', time: number, detail: NodeEvent['detail']): NodeEvent {
  return { id: nodeEventId(kind, null, time), time, kind, address: null, detail };
}
