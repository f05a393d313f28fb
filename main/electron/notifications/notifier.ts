import type { WatchObservation } from '../engine-host/protocol.js';
import {
  DEFAULT_FAILURE_THRESHOLD,
  describeNotice,
  initialNotificationState,
  observeScrape,
  withWatchedAddresses,
  type AddressPresence,
  type Notice,
  type NotificationState,
} from './notification-rules.js';

export interface ShownNotice {
  title: string;
  body: string;
  /** The address to open when the notification is clicked, if it is about one. */
  address: string | null;
}

/**
 * Holds the notification rules' state between scrapes and shows what they decide. `show` is
 * injected (Electron's Notification in the app), so this stays plain and testable. The state is
 * kept even while notifications are switched off, so turning them back on does not replay old news.
 */
export class Notifier {
  #state: NotificationState;
  readonly #show: (notice: ShownNotice) => void;
  readonly #failureThreshold: number;
  #enabled = true;

  constructor(show: (notice: ShownNotice) => void, failureThreshold = DEFAULT_FAILURE_THRESHOLD) {
    this.#show = show;
    this.#failureThreshold = failureThreshold;
    this.#state = initialNotificationState([]);
  }

  configure(watched: readonly string[], enabled: boolean): void {
    this.#state = withWatchedAddresses(this.#state, watched);
    this.#enabled = enabled;
  }

  observe(observation: WatchObservation): Notice[] {
    const scrape = observation.ok ? { ...observation, listed: new Set(observation.listed) } : observation;
    const { state, notices } = observeScrape(this.#state, scrape, { failureThreshold: this.#failureThreshold });
    this.#state = state;
    if (this.#enabled) {
      for (const notice of notices) this.#show({ ...describeNotice(notice), address: 'address' in notice ? notice.address : null });
    }
    return notices;
  }

  /** Watched addresses in settings order, with what the last scrapes said about them (for the tray). */
  presence(): { address: string; presence: AddressPresence }[] {
    return [...this.#state.addresses].map(([address, state]) => ({ address, presence: state.presence }));
  }
}
