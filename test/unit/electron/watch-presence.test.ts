import { describe, expect, it } from 'vitest';
import { WatchPresence } from '../../../main/electron/notifications/watch-presence.js';

const A = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
let time = 0;
const seen = (...listed: string[]) => ({ ok: true as const, time: (time += 300_000), listed });

describe('watch presence (the tray marks)', () => {
  it('follows the rules: missing from two scrapes is offline, listed again online', () => {
    const presence = new WatchPresence(3);
    presence.configure([A]);
    for (const observation of [seen(A), seen(), seen()]) presence.observe(observation);
    expect(presence.presence()).toEqual([{ address: A, presence: 'offline' }]);
    presence.observe(seen(A));
    expect(presence.presence()).toEqual([{ address: A, presence: 'online' }]);
  });
});
