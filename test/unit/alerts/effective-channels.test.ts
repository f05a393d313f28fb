import { describe, expect, it } from 'vitest';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { effectiveChannels } from '../../../main/alerts/effective-channels.js';

const desktop: AlertChannel = { id: 'desktop', name: 'Desktop notifications', enabled: true, rules: ['offline'], kind: 'desktop' };
const webhook = { id: 'hook', name: 'Webhook', enabled: true, rules: ['offline'], kind: 'webhook', url: 'http://127.0.0.1:9/hook' } as AlertChannel;

describe('effectiveChannels', () => {
  it('keeps the channels as configured while notifications are on', () => {
    expect(effectiveChannels({ notifications: true, alertChannels: [desktop, webhook] })).toEqual([desktop, webhook]);
  });

  it('turns every desktop channel off, and only those, while notifications are switched off', () => {
    const channels = effectiveChannels({ notifications: false, alertChannels: [desktop, webhook] });
    expect(channels).toEqual([{ ...desktop, enabled: false }, webhook]);
  });
});
