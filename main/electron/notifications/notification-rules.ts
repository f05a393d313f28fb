/**
 * When to tell the operator something, as a pure reducer over scrape observations (no Electron,
 * no clock, no I/O), so every transition is pinned by unit tests.
 *
 * - A watched address is declared offline only after it is missing from two successful scrapes in a
 *   row (a grace of one missed scrape: one dropped listing is normal churn on the status server).
 * - It is declared back online as soon as a successful scrape lists it again.
 * - A failed scrape says nothing about addresses (we did not see the list), so it neither counts
 *   as a miss nor resets one.
 * - The collector is reported once when it has failed `failureThreshold` times in a row, and once
 *   more when it recovers; not on every failure.
 * - The first state of an address (at start-up or when it is added) is learnt silently: a
 *   notification is about a change, not about how things were when the app opened.
 */

/** Missed successful scrapes tolerated before an address is declared offline. */
export const MISSED_SCRAPE_GRACE = 1;
export const DEFAULT_FAILURE_THRESHOLD = 3;

export type AddressPresence = 'unknown' | 'online' | 'offline';

export interface AddressWatchState {
  presence: AddressPresence;
  /** Successful scrapes in a row that did not list the address. */
  missed: number;
}

export interface NotificationState {
  addresses: ReadonlyMap<string, AddressWatchState>;
  consecutiveFailures: number;
  /** Whether "collector failing" was announced and "recovered" is still owed. */
  failureAnnounced: boolean;
}

export type ScrapeObservation =
  | { ok: true; time: number; listed: ReadonlySet<string> }
  | { ok: false; time: number; errorMessage: string };

export type Notice =
  | { kind: 'address-offline'; address: string; time: number }
  | { kind: 'address-online'; address: string; time: number }
  | { kind: 'collector-failing'; failures: number; errorMessage: string; time: number }
  | { kind: 'collector-recovered'; failures: number; time: number };

export interface RuleOptions {
  failureThreshold: number;
}

export function initialNotificationState(watched: readonly string[]): NotificationState {
  return {
    addresses: new Map(watched.map((address) => [address, { presence: 'unknown', missed: 0 }])),
    consecutiveFailures: 0,
    failureAnnounced: false,
  };
}

/** Follows the watch list: new addresses start unknown, removed ones are forgotten, the rest keep their state. */
export function withWatchedAddresses(state: NotificationState, watched: readonly string[]): NotificationState {
  const addresses = new Map<string, AddressWatchState>();
  for (const address of watched) {
    addresses.set(address, state.addresses.get(address) ?? { presence: 'unknown', missed: 0 });
  }
  return { ...state, addresses };
}

function observeAddress(
  address: string,
  previous: AddressWatchState,
  listed: boolean,
  time: number,
  notices: Notice[],
): AddressWatchState {
  if (listed) {
    if (previous.presence === 'offline') notices.push({ kind: 'address-online', address, time });
    return { presence: 'online', missed: 0 };
  }
  const missed = previous.missed + 1;
  if (missed <= MISSED_SCRAPE_GRACE || previous.presence === 'offline') return { presence: previous.presence, missed };
  if (previous.presence === 'online') notices.push({ kind: 'address-offline', address, time });
  return { presence: 'offline', missed };
}

export function observeScrape(
  state: NotificationState,
  observation: ScrapeObservation,
  options: RuleOptions = { failureThreshold: DEFAULT_FAILURE_THRESHOLD },
): { state: NotificationState; notices: Notice[] } {
  const notices: Notice[] = [];
  if (!observation.ok) {
    const consecutiveFailures = state.consecutiveFailures + 1;
    const announce = !state.failureAnnounced && consecutiveFailures >= options.failureThreshold;
    if (announce) {
      notices.push({ kind: 'collector-failing', failures: consecutiveFailures, errorMessage: observation.errorMessage, time: observation.time });
    }
    return { state: { ...state, consecutiveFailures, failureAnnounced: state.failureAnnounced || announce }, notices };
  }
  if (state.failureAnnounced) {
    notices.push({ kind: 'collector-recovered', failures: state.consecutiveFailures, time: observation.time });
  }
  const addresses = new Map<string, AddressWatchState>();
  for (const [address, previous] of state.addresses) {
    addresses.set(address, observeAddress(address, previous, observation.listed.has(address), observation.time, notices));
  }
  return { state: { addresses, consecutiveFailures: 0, failureAnnounced: false }, notices };
}

/** Short address for titles: the start and end are what people compare. */
export function shortAddress(address: string): string {
  return address.length <= 14 ? address : `${address.slice(0, 8)}…${address.slice(-4)}`;
}
