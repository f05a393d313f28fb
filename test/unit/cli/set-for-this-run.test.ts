import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { settingsSetOnCommandLine } from '../../../main/cli/set-for-this-run.js';

/** A command with headless's setting options and defaults, parsed as a user typed it. */
function parsed(argv: string[]): { source: (name: string) => string | undefined; values: Record<string, unknown> } {
  const command = new Command('headless')
    .exitOverride()
    .option('--source <url>')
    .option('--data <dir>')
    .option('--port <port>', 'port', Number, 7780)
    .option('--interval <seconds>', 'interval', Number)
    .option('--timeout <seconds>', 'timeout', Number, 10)
    .option('--retention-days <days>', 'days', Number, 0)
    .option('--log-retention-days <days>', 'days', Number, 30);
  command.parse(argv, { from: 'user' });
  return { source: (name) => command.getOptionValueSource(name), values: command.opts() };
}

describe('settings set on the command line', () => {
  it('lists the options typed, with the value the run uses, and not the defaults filled in', () => {
    const { source, values } = parsed(['--source', 'http://status.example.org:5000', '--interval', '120', '--data', '/srv/d']);
    expect(settingsSetOnCommandLine(source, values, null)).toEqual([
      { setting: 'sourceUrl', option: '--source', value: 'http://status.example.org:5000' },
      { setting: 'intervalSeconds', option: '--interval', value: 120 },
      { setting: 'dataDir', option: '--data', value: '/srv/d' },
    ]);
    const ported = parsed(['--port', '0', '--log-retention-days', '7']);
    expect(settingsSetOnCommandLine(ported.source, ported.values, null)).toEqual([
      { setting: 'scrapeLogRetentionDays', option: '--log-retention-days', value: 7 },
      { setting: 'apiPort', option: '--port', value: 0 },
    ]);
  });

  it('names --demo for the simulator source and, without --interval, the demo interval', () => {
    const demo = { sourceUrl: 'http://127.0.0.1:40000', intervalSeconds: 60 };
    const plain = parsed([]);
    expect(settingsSetOnCommandLine(plain.source, plain.values, demo)).toEqual([
      { setting: 'sourceUrl', option: '--demo', value: 'http://127.0.0.1:40000' },
      { setting: 'intervalSeconds', option: '--demo', value: 60 },
    ]);
    const timed = parsed(['--interval', '30']);
    expect(settingsSetOnCommandLine(timed.source, timed.values, { ...demo, intervalSeconds: 30 })).toEqual([
      { setting: 'intervalSeconds', option: '--interval', value: 30 },
      { setting: 'sourceUrl', option: '--demo', value: 'http://127.0.0.1:40000' },
    ]);
  });
});
