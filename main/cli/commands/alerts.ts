import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ALERT_SEND_TIMEOUT_MS } from '../../../shared/defaults.js';
import { findChannel, testChannel } from '../../alerts/channel-test.js';
import { JsonFileSettingsStore } from '../../settings/json-file-settings-store.js';
import { defaultDataDir } from '../../store/data-dir.js';
import { reportErrors } from '../report-error.js';

interface AlertsTestOptions {
  data?: string;
}

/** `alerts test <channel>`: one test message through a channel of the data directory's settings, exit 0 when it arrived. */
export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('alert channels (configured in the settings; see docs/alerts.md)');
  alerts
    .command('test')
    .description('send a test message through one alert channel and print whether it arrived or exactly why not (exit code 0 or 1)')
    .argument('<channel>', 'the channel id or name')
    .option('--data <dir>', 'data directory whose settings.json holds the channels (default: the OS per-user app-data folder)')
    .action((idOrName: string, options: AlertsTestOptions) =>
      reportErrors(async () => {
        const dataDir = resolve(options.data ?? defaultDataDir());
        const settings = JsonFileSettingsStore.open(dataDir, { onProblem: (problem) => console.error(`warning: ${problem}`) });
        const channel = findChannel(settings.get().alertChannels, idOrName);
        const result = await testChannel(channel, { desktop: null, timeoutMs: ALERT_SEND_TIMEOUT_MS, now: Date.now });
        if (result.ok) {
          console.log(`ok: the test message went through "${channel.name}" (${channel.kind}) in ${result.latencyMs} ms`);
          return;
        }
        console.error(`failed: "${channel.name}" (${channel.kind}): ${result.error ?? 'unknown error'}`);
        process.exitCode = 1;
      }),
    );
}
