import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { checkDraft, checkField, draftFrom, originPort, runOverrides, saveBlocker } from '../../../renderer/lib/settings-form.js';

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

  it('says in plain words what each invalid field needs, with the schema\'s bounds', () => {
    const draft = { ...draftFrom(DEFAULT_SETTINGS), sourceUrl: 'status server', intervalSeconds: '5', retentionDays: '-1', scrapeLogRetentionDays: '0', apiPort: '70000' };
    const { patch, problems } = checkDraft(draft, DEFAULT_SETTINGS);
    expect(patch).toEqual({});
    expect(problems).toEqual({
      sourceUrl: 'Enter a URL starting with http:// or https://, e.g. http://status.example.org:5000',
      intervalSeconds: 'At least 10 seconds',
      retentionDays: 'Enter a whole number of days, digits only',
      scrapeLogRetentionDays: 'At least 1 day',
      apiPort: 'Enter a port from 0 to 65,535 (0 picks a free one)',
    });
  });

  it('checks one field as it is typed, and a fixed value has no message left', () => {
    expect(checkField('sourceUrl', 'file:///etc/passwd')).toEqual({ problem: 'Enter a URL starting with http:// or https://' });
    expect(checkField('sourceUrl', 'http')).toEqual({ problem: 'Enter a URL starting with http:// or https://, e.g. http://status.example.org:5000' });
    expect(checkField('sourceUrl', ' https://status.example.org ')).toEqual({ value: 'https://status.example.org' });
    expect(checkField('intervalSeconds', '')).toEqual({ problem: 'Enter a number of seconds' });
    expect(checkField('intervalSeconds', '100000')).toEqual({ problem: 'At most 86,400 seconds' });
    expect(checkField('intervalSeconds', '300')).toEqual({ value: 300 });
  });

  it('says why Save is off: what to fix, or that nothing changed', () => {
    const invalid = checkDraft({ ...draftFrom(DEFAULT_SETTINGS), intervalSeconds: '5' }, DEFAULT_SETTINGS);
    expect(saveBlocker(invalid.patch, invalid.problems)).toBe('Cannot save yet: fix Scrape interval (see the message above).');
    const unchanged = checkDraft(draftFrom(DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    expect(saveBlocker(unchanged.patch, unchanged.problems)).toBe('Nothing to save: every field matches the saved settings.');
    const changed = checkDraft({ ...draftFrom(DEFAULT_SETTINGS), intervalSeconds: '60' }, DEFAULT_SETTINGS);
    expect(saveBlocker(changed.patch, changed.problems)).toBeNull();
  });
});

describe('values set for this run on the command line', () => {
  it('names each field whose value in use differs from the saved one, with its option', () => {
    const notes = runOverrides(DEFAULT_SETTINGS, { source: 'http://127.0.0.1:7000', intervalSeconds: 60, servedPort: 8123 });
    expect(notes).toEqual({
      sourceUrl: 'Set by --source for this run: http://127.0.0.1:7000. The value above is saved for later runs.',
      intervalSeconds: 'Set by --interval for this run: 60 seconds.',
      apiPort: 'Set by --port for this run: this page is served on port 8123.',
    });
  });

  it('marks what the engine says its command line set, even where the saved value now matches it', () => {
    // `--interval 120` over a saved 300: the engine saved 120 for the run, and still says where it came from.
    const settings = { ...DEFAULT_SETTINGS, intervalSeconds: 120 };
    const notes = runOverrides(settings, {
      source: 'http://127.0.0.1:7000',
      intervalSeconds: 120,
      servedPort: null,
      setForThisRun: [
        { setting: 'intervalSeconds', option: '--interval', value: 120 },
        { setting: 'sourceUrl', option: '--demo', value: 'http://127.0.0.1:7000' },
        { setting: 'dataDir', option: '--data', value: '/srv/driveshare' },
        { setting: 'retentionDays', option: '--retention-days', value: 1 },
        { setting: 'apiPort', option: '--port', value: 8123 },
        { setting: 'requestTimeoutSeconds', option: '--timeout', value: 5 },
      ],
    });
    expect(notes).toEqual({
      intervalSeconds: 'Set by --interval for this run: 120 seconds.',
      sourceUrl: 'Set by --demo for this run: the built-in simulated network at http://127.0.0.1:7000. The value above is saved for later runs.',
      dataDir: 'Set by --data for this run: /srv/driveshare. The value above applies when a run does not give --data.',
      retentionDays: 'Set by --retention-days for this run: 1 day.',
      apiPort: 'Set by --port for this run: this page is served on port 8123.',
    });
  });

  it('says nothing when the run uses the saved values, or in the desktop window', () => {
    const same = { source: DEFAULT_SETTINGS.sourceUrl, intervalSeconds: DEFAULT_SETTINGS.intervalSeconds, servedPort: DEFAULT_SETTINGS.apiPort };
    expect(runOverrides(DEFAULT_SETTINGS, same)).toEqual({});
    expect(runOverrides(DEFAULT_SETTINGS, { source: null, intervalSeconds: null, servedPort: null })).toEqual({});
  });

  it('reads the port of the page origin', () => {
    expect(originPort({ protocol: 'http:', port: '8123' })).toBe(8123);
    expect(originPort({ protocol: 'http:', port: '' })).toBe(80);
    expect(originPort({ protocol: 'app:', port: '' })).toBeNull();
  });
});
