import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { checkDraft, draftFrom } from '../../../renderer/lib/settings-form.js';

describe('the settings form', () => {
  it('sends only the fields that changed', () => {
    const draft = { ...draftFrom(DEFAULT_SETTINGS), intervalSeconds: '60', sourceUrl: 'http://status.example.org:5000', scrapeLogRetentionDays: '30' };
    expect(checkDraft(draft, DEFAULT_SETTINGS)).toEqual({
      patch: { intervalSeconds: 60, sourceUrl: 'http://status.example.org:5000', scrapeLogRetentionDays: 30 },
      problems: {},
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(checkDraft(draftFrom(DEFAULT_SETTINGS), DEFAULT_SETTINGS)).toEqual({ patch: {}, problems: {} });
  });

  it('names each invalid field with the schema\'s bounds', () => {
    const draft = { ...draftFrom(DEFAULT_SETTINGS), sourceUrl: 'status server', intervalSeconds: '5', retentionDays: '-1', scrapeLogRetentionDays: '0', apiPort: '70000' };
    const { patch, problems } = checkDraft(draft, DEFAULT_SETTINGS);
    expect(patch).toEqual({});
    expect(problems.sourceUrl).toMatch(/full URL/);
    expect(problems.intervalSeconds).toBe('The interval must be between 10 and 86400');
    expect(problems.retentionDays).toBe('Retention must be a whole number');
    expect(problems.scrapeLogRetentionDays).toBe('Log retention must be between 1 and 36500');
    expect(problems.apiPort).toBe('The port must be between 0 and 65535');
  });

  it('refuses source URLs that are not http(s)', () => {
    const { problems } = checkDraft({ ...draftFrom(DEFAULT_SETTINGS), sourceUrl: 'file:///etc/passwd' }, DEFAULT_SETTINGS);
    expect(problems.sourceUrl).toBe('The source URL must start with http:// or https://');
  });
});
