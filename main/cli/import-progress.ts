import { Presets, SingleBar } from 'cli-progress';
import type { ImportProgress } from '../../shared/model/import.js';
import { STARTING_STEP } from '../importers/progress-tracker.js';

function formatAmount(value: number, unit: ImportProgress['unit']): string {
  return unit === 'bytes' ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${value} ${unit ?? ''}`.trim();
}

/** The import command's progress: one bar per step on a terminal; one line per finished step when the output is a file or a pipe. */
export class ProgressDisplay {
  private readonly bar = new SingleBar(
    {
      format: '{step} |{bar}| {percentage}% {amount} | added {imported}, present {skipped}, rejected {rejected}',
      hideCursor: true,
      // stderr, so stdout carries only the result (and stays clean JSON with --json).
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  private step: string | null = null;
  private last: ImportProgress | null = null;

  update(progress: ImportProgress): void {
    if (progress.step === STARTING_STEP) return;
    if (progress.step !== this.step) {
      this.endStep();
      this.step = progress.step;
      if (process.stderr.isTTY) this.bar.start(Math.max(progress.total ?? 0, 1), progress.done, this.payload(progress));
    }
    this.last = progress;
    if (process.stderr.isTTY) this.bar.update(progress.done, this.payload(progress));
  }

  endStep(): void {
    if (this.step === null || this.last === null) return;
    if (process.stderr.isTTY) this.bar.stop();
    else console.error(`${this.step}: ${formatAmount(this.last.done, this.last.unit)} read`);
    this.step = null;
  }

  private payload(progress: ImportProgress): object {
    return { step: progress.step, amount: formatAmount(progress.done, progress.unit), imported: progress.imported, skipped: progress.skipped, rejected: progress.rejected };
  }
}

