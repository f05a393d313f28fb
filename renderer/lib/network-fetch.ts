import type { DriveshareClient } from '../../shared/client.js';
import type { NetworkPayload, NetworkQuery } from '../../shared/model/network.js';
import { parseSelection, rangeQuery, selectionKey, seriesPointsFor, type RangeSelection } from './range.js';
import { parseHash, parseRangeParameter } from './route.js';

/*
 * Reading the network payload for a range, without Vue: the boot code sends the first request with
 * it before the app's own code has loaded (main.ts), and the network state sends every later one.
 */

const SELECTION_KEY = 'driveshare-graph.network-range';

/** The range chosen in the last session (the default when none was, or storage is unavailable). */
export function loadSelection(): RangeSelection {
  try {
    const stored = window.localStorage.getItem(SELECTION_KEY);
    return parseSelection(stored === null ? null : JSON.parse(stored));
  } catch {
    return parseSelection(null);
  }
}

/** Remembers the chosen range for the next session. */
export function saveSelection(selection: RangeSelection): void {
  try {
    window.localStorage.setItem(SELECTION_KEY, JSON.stringify(selection));
  } catch {
    // Without storage the range simply resets on the next start.
  }
}

/** A range's payload and the query that asked for it. */
export interface FetchedRange {
  asked: NetworkQuery;
  answer: NetworkPayload;
}

/** The payload for a range; null when a newer request made this one obsolete. */
export async function fetchRange(client: DriveshareClient, wanted: RangeSelection, isCurrent: () => boolean): Promise<FetchedRange | null> {
  const asked = rangeQuery(wanted, seriesPointsFor(window.innerWidth));
  const answer = await client.network(asked);
  return isCurrent() ? { asked, answer } : null;
}

/** The first payload, asked for before the app mounted, for the range it was asked for. */
export interface FirstNetworkAnswer {
  selectionKey: string;
  fetched: Promise<FetchedRange | null>;
  /**
   * The answer once it has arrived: the app mounts with it already in place when it came first
   * (its first render is the charts', not a skeleton's replaced a moment later).
   */
  arrived: FetchedRange | null;
}

/**
 * The range the app opens on, as App.vue will choose it: the one the address names
 * (`#/network/7d`), else the remembered one.
 */
export function openingSelection(): RangeSelection {
  const route = parseHash(window.location.hash);
  return (route.view === 'network' ? parseRangeParameter(route.parameter) : null) ?? loadSelection();
}

/**
 * Asks for the opening range's payload at once. The server computes it while the browser still
 * evaluates and mounts the dashboard, instead of after: about a third of the first draw.
 */
export function requestFirstNetworkAnswer(client: DriveshareClient): FirstNetworkAnswer {
  const selection = openingSelection();
  const fetched = fetchRange(client, selection, () => true);
  const first: FirstNetworkAnswer = { selectionKey: selectionKey(selection), fetched, arrived: null };
  // The network state takes this promise over; until then a failure must not be reported as unhandled.
  fetched
    .then((answer) => {
      // For the performance figures: when it arrived, which may be before the app has mounted.
      performance.mark('driveshare:network-answer');
      first.arrived = answer;
    })
    .catch(() => undefined);
  return first;
}
