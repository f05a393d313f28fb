import { describe, expect, it } from 'vitest';
import { Notifier, type ShownNotice } from '../../../main/electron/notifications/notifier.js';

const A = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
let time = 0;
const seen = (...listed: string[]) => ({ ok: true as const, time: (time += 300_000), listed });

describe('notifier', () => {
  it('shows what the rules decide, with the address to open on click', () => {
    const shown: ShownNotice[] = [];
    const notifier = new Notifier((notice) => shown.push(notice));
    notifier.configure([A], true);
    for (const observation of [seen(A), seen(), seen()]) notifier.observe(observation);
    expect(shown).toEqual([{ title: '1BoatSLR…tpyT is offline', body: expect.stringContaining(A), address: A }]);
    expect(notifier.presence()).toEqual([{ address: A, presence: 'offline' }]);
  });

  it('stays silent while switched off but keeps following, so switching on does not replay old news', () => {
    const shown: ShownNotice[] = [];
    const notifier = new Notifier((notice) => shown.push(notice));
    notifier.configure([A], false);
    for (const observation of [seen(A), seen(), seen()]) notifier.observe(observation);
    notifier.configure([A], true);
    notifier.observe(seen());
    expect(shown).toEqual([]);
    notifier.observe(seen(A));
    expect(shown.map((notice) => notice.title)).toEqual(['1BoatSLR…tpyT is back online']);
  });
});
