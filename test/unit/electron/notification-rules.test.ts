import { describe, expect, it } from 'vitest';
import {
  initialNotificationState,
  observeScrape,
  withWatchedAddresses,
  type Notice,
  type NotificationState,
  type ScrapeObservation,
} from '../../../main/electron/notifications/notification-rules.js';

const A = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const B = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy';

let clock = 0;
const seen = (...listed: string[]): ScrapeObservation => ({ ok: true, time: (clock += 300_000), listed: new Set(listed) });
const failed = (errorMessage = 'timeout after 10 s'): ScrapeObservation => ({ ok: false, time: (clock += 300_000), errorMessage });

/** Feeds observations in order and returns every notice kind (with its address) produced. */
function run(state: NotificationState, observations: ScrapeObservation[], failureThreshold = 3) {
  const notices: Notice[] = [];
  let current = state;
  for (const observation of observations) {
    const step = observeScrape(current, observation, { failureThreshold });
    notices.push(...step.notices);
    current = step.state;
  }
  return { state: current, notices: notices.map((n) => ('address' in n ? `${n.kind} ${n.address}` : `${n.kind} ${n.failures}`)) };
}

describe('watched address going offline and coming back', () => {
  it('tolerates one missed scrape without a notice', () => {
    expect(run(initialNotificationState([A]), [seen(A), seen(), seen(A)]).notices).toEqual([]);
  });

  it('declares an address offline after two successful scrapes in a row without it, once', () => {
    expect(run(initialNotificationState([A]), [seen(A), seen(), seen(), seen(), seen()]).notices).toEqual([`address-offline ${A}`]);
  });

  it('declares it back online on the first scrape that lists it again', () => {
    expect(run(initialNotificationState([A]), [seen(A), seen(), seen(), seen(A), seen(A)]).notices).toEqual([
      `address-offline ${A}`,
      `address-online ${A}`,
    ]);
  });

  it('does not count failed scrapes as misses, nor let them reset a miss', () => {
    // seen, missed, failed, failed, missed → the two misses are consecutive successful scrapes.
    const result = run(initialNotificationState([A]), [seen(A), seen(), failed(), failed(), seen()], 10);
    expect(result.notices).toEqual([`address-offline ${A}`]);
    expect(run(initialNotificationState([A]), [seen(A), seen(), failed(), failed(), seen(A)], 10).notices).toEqual([]);
  });

  it('learns the first state silently (no notice for an address already offline at start-up)', () => {
    const result = run(initialNotificationState([A]), [seen(), seen(), seen()]);
    expect(result.notices).toEqual([]);
    expect(result.state.addresses.get(A)?.presence).toBe('offline');
    expect(run(result.state, [seen(A)]).notices).toEqual([`address-online ${A}`]);
  });

  it('follows each address on its own', () => {
    expect(run(initialNotificationState([A, B]), [seen(A, B), seen(B), seen(B), seen(A), seen(A)]).notices).toEqual([
      `address-offline ${A}`,
      `address-online ${A}`,
      `address-offline ${B}`,
    ]);
  });

  it('keeps the state of addresses still watched and forgets removed ones when the list changes', () => {
    const offline = run(initialNotificationState([A, B]), [seen(A, B), seen(), seen()]).state;
    const changed = withWatchedAddresses(offline, [A]);
    expect([...changed.addresses.keys()]).toEqual([A]);
    expect(changed.addresses.get(A)?.presence).toBe('offline');
    const added = withWatchedAddresses(changed, [A, B]);
    expect(added.addresses.get(B)).toEqual({ presence: 'unknown', missed: 0 });
  });
});

describe('collector failures', () => {
  it('announces once when the collector has failed N times in a row', () => {
    expect(run(initialNotificationState([]), [failed(), failed(), failed(), failed(), failed()], 3).notices).toEqual([
      'collector-failing 3',
    ]);
  });

  it('says nothing for fewer than N failures in a row', () => {
    expect(run(initialNotificationState([]), [failed(), failed(), seen(), failed(), failed(), seen()], 3).notices).toEqual([]);
  });

  it('announces the recovery once, with the number of failures it ended', () => {
    expect(run(initialNotificationState([]), [failed(), failed(), failed(), failed(), seen(), seen()], 3).notices).toEqual([
      'collector-failing 3',
      'collector-recovered 4',
    ]);
  });
});
