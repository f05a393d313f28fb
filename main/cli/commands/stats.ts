import type { Command } from 'commander';
import { databaseFile } from '../../store/data-dir.js';
import type { StorageStats } from '../../store/sqlite/storage-stats.js';
import { DATA_OPTION_DESCRIPTION, DEMO_OPTION_DESCRIPTION, existingDataDir, type DataDirChoice } from '../existing-store.js';
import { path } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';

type StatsOptions = DataDirChoice & { json?: boolean };

const count = (value: number): string => value.toLocaleString('en-US');
const bytes = (value: number): string =>
  value >= 1e9 ? `${(value / 1e9).toFixed(2)} GB` : value >= 1e6 ? `${(value / 1e6).toFixed(1)} MB` : `${(value / 1e3).toFixed(1)} kB`;
const perObservation = (value: number | null): string => (value === null ? '–' : `${value.toFixed(3)} B`);

/** The figures as lines of text. */
export function statsLines(file: string, stats: StorageStats): string[] {
  const codecs = Object.entries(stats.snapshotsByCodec).map(([codec, rows]) => `codec ${codec}: ${count(rows)}`);
  const lines = [
    `${file}: ${bytes(stats.fileBytes)}`,
    `snapshots: ${count(stats.snapshots)}${codecs.length === 0 ? '' : ` (${codecs.join(', ')})`}, ${bytes(stats.snapshotBytes)} encoded`,
    `farmer observations: ${count(stats.observations)}`,
    `bytes per observation: ${perObservation(stats.fileBytesPerObservation)} (file), ${perObservation(stats.snapshotBytesPerObservation)} (snapshots alone)`,
  ];
  if (stats.projectedBytesPerDay === null || stats.projectedBytesPerYear === null) {
    lines.push('per day and per year: not projected until a day of snapshots is stored');
  } else {
    lines.push(
      `at the last day's rate (${count(stats.observationsLastDay!)} observations): ${bytes(stats.projectedBytesPerDay)} per day, ${bytes(stats.projectedBytesPerYear)} per year`,
    );
  }
  return lines;
}

/** `stats`: what the stored history costs on disk, per farmer observation, per day and per year. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('print what the stored history takes on disk: bytes per farmer observation, and per day and per year at the current rate')
    .option('--data <dir>', DATA_OPTION_DESCRIPTION, path)
    .option('--demo', DEMO_OPTION_DESCRIPTION)
    .option('--json', 'print the figures as JSON')
    .action((options: StatsOptions) =>
      reportErrors(async () => {
        const file = databaseFile(existingDataDir(options));
        const [{ openDatabase }, { storageStats }] = await Promise.all([
          import('../../store/sqlite/open-database.js'),
          import('../../store/sqlite/storage-stats.js'),
        ]);
        const db = openDatabase(file, { readonly: true });
        try {
          const stats = storageStats(db);
          if (options.json) console.log(JSON.stringify(stats, null, 2));
          else for (const line of statsLines(file, stats)) console.log(line);
        } finally {
          db.close();
        }
      }),
    );
}
