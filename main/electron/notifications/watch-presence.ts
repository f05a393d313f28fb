import type { WatchObservation } from '../engine-host/protocol.js';
import { initialNotificationState, observeScrape, withWatchedAddresses, type AddressPresence, type NotificationState } from './notification-rules.js';

/**
 * What the last scrapes said about each watched address, for the tray. Notifications are no
 * longer decided here: the engine's node events drive every alert channel, the desktop one
 * included, so following the rules here only keeps the tray's online/offline marks.
 */
export class WatchPresence {
  #state: NotificationState = initialNotificationState([]);
  readonly #failureThreshold: number;

  constructor(failureThreshold: number) {
    this.#failureThreshold = failureThreshold;
  }

  configure(watched: readonly string[]): void {
    this.#state = withWatchedAddresses(this.#state, watched);
  }

  observe(observation: WatchObservation): void {
    const scrape = observation.ok ? { ...observation, listed: new Set(observation.listed) } : observation;
    this.#state = observeScrape(this.#state, scrape, { failureThreshold: this.#failureThreshold }).state;
  }

  /** Watched addresses in settings order, with what the last scrapes said about them. */
  presence(): { address: string; presence: AddressPresence }[] {
    return [...this.#state.addresses].map(([address, state]) => ({ address, presence: state.presence }));
  }
}
