import { describe, expect, it } from 'vitest';
import { Check } from 'typebox/value';
import { AlertChannelSchema, type AlertChannel } from '../../../shared/model/alerts.js';
import { channelFromDraft, draftFrom, newDraft } from '../../../renderer/lib/alert-channel-form.js';

describe('the alert channel form', () => {
  it('gives a new channel an id no other channel has', () => {
    expect(newDraft('webhook', []).id).toBe('webhook-1');
    expect(newDraft('webhook', ['webhook-1', 'webhook-2']).id).toBe('webhook-3');
  });

  it('builds a channel the settings schema accepts from every kind of field', () => {
    const draft = newDraft('email', [], 'Europe/Berlin');
    Object.assign(draft.fields, { host: 'smtp.example.org', port: '465', security: 'tls', from: 'nodes@example.org', to: 'a@example.org, b@example.org', allowSelfSignedCertificate: true });
    draft.quiet = true;
    const built = channelFromDraft(draft);
    expect(built.problems).toEqual([]);
    expect(built.channel).toMatchObject({ kind: 'email', port: 465, to: ['a@example.org', 'b@example.org'], allowSelfSignedCertificate: true, quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' } });
    expect(built.channel).not.toHaveProperty('user');
    expect(Check(AlertChannelSchema, built.channel)).toBe(true);
  });

  it('keeps a masked secret as the API sent it, so saving keeps the stored one', () => {
    const stored: AlertChannel = { id: 'ops', name: 'Ops', enabled: true, rules: ['offline'], kind: 'webhook', url: '••••/abc' };
    expect(channelFromDraft(draftFrom(stored)).channel).toEqual(stored);
  });

  it('says which field is missing or malformed', () => {
    const draft = newDraft('telegram', []);
    draft.name = ' ';
    expect(channelFromDraft(draft).problems).toEqual(['Name: required', 'Bot token: required', 'Chat id: required']);
    const ntfy = newDraft('ntfy', []);
    Object.assign(ntfy.fields, { url: 'https://ntfy.sh/x', priority: 'high' });
    expect(channelFromDraft(ntfy).problems).toEqual(['Priority (1–5): must be a whole number, not "high"']);
  });
});
